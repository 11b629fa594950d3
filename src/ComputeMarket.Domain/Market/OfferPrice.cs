namespace ComputeMarket.Domain.Market;

/// <summary>One entry of an offer's price history: the prices in force from a moment on (fen per 1,000,000 tokens).</summary>
public sealed class OfferPrice
{
    private OfferPrice()
    {
    }

    internal OfferPrice(Guid offerId, long inputPricePerMillion, long outputPricePerMillion, DateTime effectiveFromUtc)
    {
        OfferId = offerId;
        InputPricePerMillion = inputPricePerMillion;
        OutputPricePerMillion = outputPricePerMillion;
        EffectiveFromUtc = effectiveFromUtc;
    }

    public long Id { get; private set; }

    public Guid OfferId { get; private set; }

    public long InputPricePerMillion { get; private set; }

    public long OutputPricePerMillion { get; private set; }

    public DateTime EffectiveFromUtc { get; private set; }
}
