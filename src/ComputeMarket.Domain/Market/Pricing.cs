namespace ComputeMarket.Domain.Market;

/// <summary>
/// The one place that turns tokens and per-million prices into fen. Charges are computed from cumulative token
/// totals and floored once, so sub-fen remainders carry forward instead of being rounded away: over an
/// allocation's life the amount charged is exactly floor(Σ tokens × price / 1,000,000).
/// </summary>
public static class Pricing
{
    public const long TokensPerPriceUnit = 1_000_000;

    /// <summary>Input tokens weighed against output tokens in <see cref="BlendedPricePerMillion"/>: 3 to 1.</summary>
    public const int BlendedInputShare = 3;

    public const int BlendedOutputShare = 1;

    /// <summary>
    /// The price of a million tokens of a typical request mix, three input tokens to one output token, rounded half
    /// up to the fen: (3 × input + output) / 4. The catalog sorts on it to compare offers with one number.
    /// </summary>
    public static long BlendedPricePerMillion(long inputPricePerMillion, long outputPricePerMillion)
    {
        const int shares = BlendedInputShare + BlendedOutputShare;
        return checked((inputPricePerMillion * BlendedInputShare) + (outputPricePerMillion * BlendedOutputShare) + (shares / 2)) / shares;
    }

    /// <summary>The most <paramref name="tokens"/> can cost at <paramref name="pricePerMillion"/>, rounded up to the fen (a hold must cover it).</summary>
    public static long MaxCost(long tokens, long pricePerMillion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        ArgumentOutOfRangeException.ThrowIfNegative(pricePerMillion);
        var product = (Int128)tokens * pricePerMillion;
        var fen = (product + TokensPerPriceUnit - 1) / TokensPerPriceUnit;
        return checked((long)fen);
    }

    /// <summary>What cumulative usage costs in total, floored to the fen.</summary>
    public static long Charge(long inputTokens, long outputTokens, long inputPricePerMillion, long outputPricePerMillion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        var product = (Int128)inputTokens * inputPricePerMillion + (Int128)outputTokens * outputPricePerMillion;
        return checked((long)(product / TokensPerPriceUnit));
    }

    /// <summary>The value of <paramref name="consumed"/> tokens of a prepaid package, floored (the rest stays in escrow).</summary>
    public static long PackageValue(long consumed, long packageTokens, long packagePrice)
    {
        var used = Math.Min(consumed, packageTokens);
        return checked((long)((Int128)used * packagePrice / packageTokens));
    }
}
