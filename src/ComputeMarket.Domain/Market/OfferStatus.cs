namespace ComputeMarket.Domain.Market;

public enum OfferStatus
{
    Draft = 0,
    Active = 1,
    Paused = 2,
    SoldOut = 3,
    Expired = 4,
    Retired = 5,
}
