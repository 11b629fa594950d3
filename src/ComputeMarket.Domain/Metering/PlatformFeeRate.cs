using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Metering;

/// <summary>
/// The platform's fee on what providers earn, in basis points (1/100 of a percent), as administrators set it over
/// time. An allocation keeps the rate in force when it was opened, as it keeps its prices.
/// </summary>
public sealed class PlatformFeeRate
{
    /// <summary>5%, until an administrator sets another rate.</summary>
    public const int DefaultBasisPoints = 500;

    public const int MaxBasisPoints = 10_000;

    private PlatformFeeRate()
    {
    }

    public PlatformFeeRate(int basisPoints, DateTime effectiveFromUtc, string setByUserId)
    {
        if (basisPoints is < 0 or > MaxBasisPoints)
        {
            throw new DomainException("A fee rate is between 0 and 10,000 basis points.");
        }

        BasisPoints = basisPoints;
        EffectiveFromUtc = effectiveFromUtc;
        SetByUserId = setByUserId;
    }

    public long Id { get; private set; }

    public int BasisPoints { get; private set; }

    public DateTime EffectiveFromUtc { get; private set; }

    public string SetByUserId { get; private set; } = "";

    /// <summary>The fee on <paramref name="amount"/>, floored to the unit (computed on cumulative totals, it never loses a fen).</summary>
    public static long Fee(long amount, int basisPoints) => checked((long)((Int128)amount * basisPoints / MaxBasisPoints));
}
