using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Market;

public enum AllocationKind
{
    OnDemand = 0,
    Package = 1,
}

public enum AllocationStatus
{
    Active = 0,
    Closed = 1,
}

public enum AllocationCloseReason
{
    Cancelled = 1,
    Expired = 2,
    Exhausted = 3,
}

/// <summary>What closing an allocation moves: the consumed part posted to the provider, the rest released.</summary>
public sealed record AllocationClosing(long ConsumedCost, long Released, long UnusedTokens);

/// <summary>
/// Tokens a buyer has bought on an offer, at the prices locked when ordering. On demand, the maximum cost is held
/// on the buyer's wallet (a pending transfer) and only what is consumed is ever posted; for a package, the price is
/// paid into escrow up front.
/// </summary>
public sealed class Allocation
{
    private Allocation()
    {
    }

    public Guid Id { get; private set; }

    public Guid OfferId { get; private set; }

    public Guid BuyerOrganizationId { get; private set; }

    public Guid ProviderOrganizationId { get; private set; }

    public AllocationKind Kind { get; private set; }

    public Guid? PackageId { get; private set; }

    public long QuotaTokens { get; private set; }

    public long InputPricePerMillion { get; private set; }

    public long OutputPricePerMillion { get; private set; }

    /// <summary>On demand: the hold placed (maximum cost). Package: the price paid into escrow.</summary>
    public long HoldAmount { get; private set; }

    /// <summary>The ledger transfer holding the money (on demand) or paying the escrow (package).</summary>
    public Guid HoldTransferId { get; private set; }

    public long ConsumedInputTokens { get; private set; }

    public long ConsumedOutputTokens { get; private set; }

    /// <summary>What this allocation counts against the buyer's monthly limit: the hold while open, the final cost once closed.</summary>
    public long CommittedAmount { get; private set; }

    public string AccessKeyHash { get; private set; } = "";

    /// <summary>The first characters of the access key, so people can tell keys apart without the secret.</summary>
    public string AccessKeyPrefix { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime ExpiresAtUtc { get; private set; }

    public AllocationStatus Status { get; private set; }

    public AllocationCloseReason? CloseReason { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public long Version { get; private set; }

    public long ConsumedTokens => checked(ConsumedInputTokens + ConsumedOutputTokens);

    public long RemainingTokens => Math.Max(0, QuotaTokens - ConsumedTokens);

    /// <summary>The cost of what was consumed, never more than what was held.</summary>
    public long ConsumedCost => Math.Min(HoldAmount, Pricing.Charge(ConsumedInputTokens, ConsumedOutputTokens, InputPricePerMillion, OutputPricePerMillion));

    /// <param name="id">The allocation's id when the purchase derives it (so the same purchase cannot open two); new otherwise.</param>
    public static Allocation OpenOnDemand(Offer offer, Guid buyerOrganizationId, long tokens, string accessKeyHash, string accessKeyPrefix, DateTime nowUtc, Guid? id = null) =>
        Open(offer, buyerOrganizationId, AllocationKind.OnDemand, null, tokens, Pricing.MaxCost(tokens, offer.MaxPricePerMillion), offer.AvailableUntilUtc, accessKeyHash, accessKeyPrefix, nowUtc, id);

    /// <param name="id">As for <see cref="OpenOnDemand"/>.</param>
    public static Allocation OpenPackage(Offer offer, TokenPackage package, Guid buyerOrganizationId, string accessKeyHash, string accessKeyPrefix, DateTime nowUtc, Guid? id = null) =>
        Open(offer, buyerOrganizationId, AllocationKind.Package, package.Id, package.Tokens, package.Price, Min(nowUtc.AddDays(package.ValidityDays), offer.AvailableUntilUtc), accessKeyHash, accessKeyPrefix, nowUtc, id);

    /// <summary>Records metered usage (settlement calls this); usage beyond the quota is kept but never billed beyond the hold.</summary>
    public void RecordUsage(long inputTokens, long outputTokens)
    {
        if (inputTokens < 0 || outputTokens < 0)
        {
            throw new DomainException("Usage is never negative.");
        }

        ConsumedInputTokens = checked(ConsumedInputTokens + inputTokens);
        ConsumedOutputTokens = checked(ConsumedOutputTokens + outputTokens);
        Version++;
    }

    /// <summary>Closes the allocation and says what the ledger must do: post the consumed cost, release the rest.</summary>
    public AllocationClosing Close(AllocationCloseReason reason, DateTime nowUtc)
    {
        if (Status != AllocationStatus.Active)
        {
            throw new DomainException("This allocation is already closed.");
        }

        var consumed = Kind == AllocationKind.OnDemand ? ConsumedCost : Pricing.PackageValue(ConsumedTokens, QuotaTokens, HoldAmount);
        Status = AllocationStatus.Closed;
        CloseReason = reason;
        ClosedAtUtc = nowUtc;
        CommittedAmount = Kind == AllocationKind.OnDemand ? consumed : HoldAmount;
        Version++;
        return new AllocationClosing(consumed, HoldAmount - consumed, QuotaTokens - Math.Min(ConsumedTokens, QuotaTokens));
    }

    private static Allocation Open(Offer offer, Guid buyer, AllocationKind kind, Guid? packageId, long tokens, long holdAmount, DateTime expiresAtUtc, string accessKeyHash, string accessKeyPrefix, DateTime nowUtc, Guid? allocationId)
    {
        if (buyer == offer.ProviderOrganizationId)
        {
            throw new DomainException("A provider cannot buy its own capacity.");
        }

        var id = allocationId ?? Guid.NewGuid();
        return new Allocation
        {
            Id = id,
            OfferId = offer.Id,
            BuyerOrganizationId = buyer,
            ProviderOrganizationId = offer.ProviderOrganizationId,
            Kind = kind,
            PackageId = packageId,
            QuotaTokens = tokens,
            InputPricePerMillion = offer.InputPricePerMillion,
            OutputPricePerMillion = offer.OutputPricePerMillion,
            HoldAmount = holdAmount,
            HoldTransferId = id,
            CommittedAmount = holdAmount,
            AccessKeyHash = accessKeyHash,
            AccessKeyPrefix = accessKeyPrefix,
            CreatedAtUtc = nowUtc,
            ExpiresAtUtc = expiresAtUtc,
            Status = AllocationStatus.Active,
        };
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
