using ComputeMarket.Domain.Common;
using ComputeMarket.Domain.Metering;

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

/// <summary>What closing an allocation moves: the consumed part (already settled) and the rest, released.</summary>
public sealed record AllocationClosing(long ConsumedCost, long Released, long UnusedTokens);

/// <summary>
/// What settling more usage moves now: <paramref name="Charge"/> to the provider (out of the hold or the escrow),
/// <paramref name="Fee"/> of it to the platform, and what is left of the hold or escrow afterwards.
/// </summary>
public sealed record SettlementStep(long Charge, long Fee, long Left);

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

    /// <summary>
    /// What settlement has moved to the provider so far: floor(Σ input × input price + Σ output × output price) / 10⁶
    /// on the settled totals (on demand, capped at the hold), or the package's value of the settled tokens.
    /// </summary>
    public long ChargedAmount { get; private set; }

    /// <summary>The platform's fee so far: the locked rate applied to <see cref="ChargedAmount"/>, floored.</summary>
    public long FeeAmount { get; private set; }

    /// <summary>The platform fee rate in force when the allocation was opened, kept as its prices are.</summary>
    public int FeeBasisPoints { get; private set; }

    /// <summary>
    /// On demand: the pending transfer holding what is left of the hold (each settlement captures part of it and holds
    /// the rest again); null once nothing is left or the allocation is closed. Packages hold nothing (paid into escrow).
    /// </summary>
    public Guid? CurrentHoldId { get; private set; }

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
    public static Allocation OpenOnDemand(Offer offer, Guid buyerOrganizationId, long tokens, string accessKeyHash, string accessKeyPrefix, DateTime nowUtc, Guid? id = null, int feeBasisPoints = PlatformFeeRate.DefaultBasisPoints) =>
        Open(offer, buyerOrganizationId, AllocationKind.OnDemand, null, tokens, Pricing.MaxCost(tokens, offer.MaxPricePerMillion), offer.AvailableUntilUtc, accessKeyHash, accessKeyPrefix, nowUtc, id, feeBasisPoints);

    /// <param name="id">As for <see cref="OpenOnDemand"/>.</param>
    public static Allocation OpenPackage(Offer offer, TokenPackage package, Guid buyerOrganizationId, string accessKeyHash, string accessKeyPrefix, DateTime nowUtc, Guid? id = null, int feeBasisPoints = PlatformFeeRate.DefaultBasisPoints) =>
        Open(offer, buyerOrganizationId, AllocationKind.Package, package.Id, package.Tokens, package.Price, Min(nowUtc.AddDays(package.ValidityDays), offer.AvailableUntilUtc), accessKeyHash, accessKeyPrefix, nowUtc, id, feeBasisPoints);

    /// <summary>
    /// Adds settled usage and says what it moves now. Charges and the fee are computed on the cumulative totals and
    /// the step is the difference from what was already moved, so sub-fen remainders carry forward and settling in
    /// many small steps moves exactly what one big step would. Usage beyond the quota is counted but never billed
    /// beyond the hold (on demand) or the package's price.
    /// </summary>
    public SettlementStep Settle(long inputTokens, long outputTokens)
    {
        if (inputTokens < 0 || outputTokens < 0)
        {
            throw new DomainException("Usage is never negative.");
        }

        if (Status != AllocationStatus.Active)
        {
            throw new DomainException("A closed allocation settles nothing more.");
        }

        ConsumedInputTokens = checked(ConsumedInputTokens + inputTokens);
        ConsumedOutputTokens = checked(ConsumedOutputTokens + outputTokens);
        var value = Kind == AllocationKind.OnDemand ? ConsumedCost : Pricing.PackageValue(ConsumedTokens, QuotaTokens, HoldAmount);
        var charge = value - ChargedAmount;
        var fee = PlatformFeeRate.Fee(value, FeeBasisPoints) - FeeAmount;
        ChargedAmount = value;
        FeeAmount += fee;
        Version++;
        return new SettlementStep(charge, fee, HoldAmount - ChargedAmount);
    }

    /// <summary>Notes the pending transfer that now holds what is left (null when nothing is).</summary>
    public void HoldRestUnder(Guid? pendingTransferId)
    {
        if (Kind != AllocationKind.OnDemand)
        {
            throw new DomainException("A package holds nothing: it is paid into escrow.");
        }

        CurrentHoldId = pendingTransferId;
    }

    /// <summary>Closes the allocation and says what the ledger must do: post the consumed cost, release the rest.</summary>
    public AllocationClosing Close(AllocationCloseReason reason, DateTime nowUtc)
    {
        if (Status != AllocationStatus.Active)
        {
            throw new DomainException("This allocation is already closed.");
        }

        // Settlement has moved everything consumed (the closer settles outstanding usage first): the rest is released.
        var consumed = ChargedAmount;
        Status = AllocationStatus.Closed;
        CloseReason = reason;
        ClosedAtUtc = nowUtc;
        CommittedAmount = Kind == AllocationKind.OnDemand ? consumed : HoldAmount;
        CurrentHoldId = null;
        Version++;
        return new AllocationClosing(consumed, HoldAmount - consumed, QuotaTokens - Math.Min(ConsumedTokens, QuotaTokens));
    }

    private static Allocation Open(Offer offer, Guid buyer, AllocationKind kind, Guid? packageId, long tokens, long holdAmount, DateTime expiresAtUtc, string accessKeyHash, string accessKeyPrefix, DateTime nowUtc, Guid? allocationId, int feeBasisPoints)
    {
        if (feeBasisPoints is < 0 or > PlatformFeeRate.MaxBasisPoints)
        {
            throw new DomainException("A fee rate is between 0 and 10,000 basis points.");
        }

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
            CurrentHoldId = kind == AllocationKind.OnDemand ? id : null,
            FeeBasisPoints = feeBasisPoints,
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
