using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Market;

/// <summary>
/// A verified provider's listing of capacity for a window, priced per million input and output tokens
/// (product.md §5). Buyers reserve tokens from its quota; price changes apply to new orders only.
/// </summary>
public sealed class Offer
{
    public const int ServedModelMaxLength = 80;
    public const long MaxQuotaTokens = 1_000_000_000_000_000;

    private readonly List<OfferPrice> _prices = [];

    private Offer()
    {
    }

    public Guid Id { get; private set; }

    public Guid ProviderOrganizationId { get; private set; }

    public string GpuModel { get; private set; } = "";

    public int GpuCount { get; private set; }

    public int VramGbPerGpu { get; private set; }

    public string Region { get; private set; } = "";

    public string ServedModel { get; private set; } = "";

    public long ThroughputTokensPerSecond { get; private set; }

    public DateTime AvailableFromUtc { get; private set; }

    public DateTime AvailableUntilUtc { get; private set; }

    public long TotalQuotaTokens { get; private set; }

    /// <summary>Tokens promised to allocations (open or closed-and-consumed); never more than the quota.</summary>
    public long ReservedTokens { get; private set; }

    public long InputPricePerMillion { get; private set; }

    public long OutputPricePerMillion { get; private set; }

    /// <summary>The higher of the two prices: what a token can cost at most, used for holds and the catalog's price.</summary>
    public long MaxPricePerMillion { get; private set; }

    /// <summary>
    /// One price for comparing offers: input and output weighted 3:1 (<see cref="Pricing.BlendedPricePerMillion"/>),
    /// kept with the prices so the catalog can sort on it through an index.
    /// </summary>
    public long BlendedPricePerMillion { get; private set; }

    /// <summary>
    /// The provider's reliability (0–1000) copied onto its offer, so the catalog's reliability sort reads an index
    /// instead of joining and sorting every offer; <see cref="RateProvider"/> keeps it current.
    /// </summary>
    public int ProviderReliability { get; private set; } = 1000;

    public long MinimumPurchaseTokens { get; private set; }

    public OfferStatus Status { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyCollection<OfferPrice> Prices => _prices;

    public long RemainingTokens => TotalQuotaTokens - ReservedTokens;

    public static Offer List(Guid providerOrganizationId, OfferTerms terms, bool publish, DateTime nowUtc)
    {
        var offer = new Offer
        {
            Id = Guid.NewGuid(),
            ProviderOrganizationId = providerOrganizationId,
            CreatedAtUtc = nowUtc,
            Status = publish ? OfferStatus.Active : OfferStatus.Draft,
        };
        offer.Apply(terms, nowUtc);
        return offer;
    }

    /// <summary>Changes the listing. The quota cannot drop below what is already reserved.</summary>
    public void Revise(OfferTerms terms, DateTime nowUtc)
    {
        if (Status is OfferStatus.Retired or OfferStatus.Expired)
        {
            throw new DomainException("A retired or expired listing cannot be changed.");
        }

        if (terms.TotalQuotaTokens < ReservedTokens)
        {
            throw new DomainException("The quota cannot be less than what buyers have already reserved.");
        }

        Apply(terms, nowUtc);
        if (Status == OfferStatus.SoldOut && RemainingTokens > 0)
        {
            Status = OfferStatus.Active;
        }
    }

    public void Publish(DateTime nowUtc) => Move(OfferStatus.Active, nowUtc, OfferStatus.Draft);

    public void Pause(DateTime nowUtc) => Move(OfferStatus.Paused, nowUtc, OfferStatus.Active, OfferStatus.SoldOut);

    public void Resume(DateTime nowUtc) => Move(RemainingTokens > 0 ? OfferStatus.Active : OfferStatus.SoldOut, nowUtc, OfferStatus.Paused);

    public void Retire(DateTime nowUtc) => Move(OfferStatus.Retired, nowUtc, OfferStatus.Draft, OfferStatus.Active, OfferStatus.Paused, OfferStatus.SoldOut);

    public void Expire(DateTime nowUtc) => Move(OfferStatus.Expired, nowUtc, OfferStatus.Draft, OfferStatus.Active, OfferStatus.Paused, OfferStatus.SoldOut);

    /// <summary>Takes over the provider's current reliability score (when the offer is listed and when the score changes).</summary>
    public void RateProvider(int reliabilityScore)
    {
        if (reliabilityScore is < 0 or > 1000)
        {
            throw new DomainException("Reliability is 0 to 1000.");
        }

        ProviderReliability = reliabilityScore;
    }

    /// <summary>Why a buyer cannot reserve <paramref name="tokens"/> now, or null when they can.</summary>
    public string? WhyCannotReserve(long tokens, DateTime nowUtc) =>
        Status == OfferStatus.SoldOut || (Status == OfferStatus.Active && RemainingTokens == 0) ? "This offer is sold out."
        : Status != OfferStatus.Active ? "This offer is not on sale."
        : nowUtc >= AvailableUntilUtc ? "This offer's availability window has ended."
        : tokens < MinimumPurchaseTokens ? $"The minimum purchase is {MinimumPurchaseTokens:N0} tokens."
        : tokens > RemainingTokens ? $"Only {RemainingTokens:N0} tokens are left; the offer cannot be oversold."
        : null;

    public void Reserve(long tokens, DateTime nowUtc)
    {
        if (WhyCannotReserve(tokens, nowUtc) is { } reason)
        {
            throw new DomainException(reason);
        }

        ReservedTokens = checked(ReservedTokens + tokens);
        if (RemainingTokens == 0)
        {
            Status = OfferStatus.SoldOut;
        }

        Touch(nowUtc);
    }

    /// <summary>Gives unused quota back to the offer when an allocation closes.</summary>
    public void Return(long tokens, DateTime nowUtc)
    {
        if (tokens < 0 || tokens > ReservedTokens)
        {
            throw new DomainException("Cannot return more tokens than are reserved.");
        }

        ReservedTokens -= tokens;
        if (Status == OfferStatus.SoldOut && RemainingTokens > 0)
        {
            Status = OfferStatus.Active;
        }

        Touch(nowUtc);
    }

    private void Apply(OfferTerms terms, DateTime nowUtc)
    {
        var gpu = Catalog.FindGpu(terms.GpuModel) ?? throw new DomainException("Unknown GPU model.");
        if (terms.InputPricePerMillion <= 0 || terms.OutputPricePerMillion <= 0 || terms.TotalQuotaTokens <= 0
            || terms.GpuCount <= 0 || terms.AvailableUntilUtc <= terms.AvailableFromUtc || terms.MinimumPurchaseTokens <= 0
            || terms.MinimumPurchaseTokens > terms.TotalQuotaTokens)
        {
            throw new DomainException("The listing's terms are not valid.");
        }

        var pricesChanged = terms.InputPricePerMillion != InputPricePerMillion || terms.OutputPricePerMillion != OutputPricePerMillion;
        GpuModel = gpu.Name;
        GpuCount = terms.GpuCount;
        VramGbPerGpu = terms.VramGbPerGpu;
        Region = terms.Region;
        ServedModel = terms.ServedModel.Trim();
        ThroughputTokensPerSecond = terms.ThroughputTokensPerSecond;
        AvailableFromUtc = terms.AvailableFromUtc;
        AvailableUntilUtc = terms.AvailableUntilUtc;
        TotalQuotaTokens = terms.TotalQuotaTokens;
        InputPricePerMillion = terms.InputPricePerMillion;
        OutputPricePerMillion = terms.OutputPricePerMillion;
        MaxPricePerMillion = Math.Max(terms.InputPricePerMillion, terms.OutputPricePerMillion);
        BlendedPricePerMillion = Pricing.BlendedPricePerMillion(terms.InputPricePerMillion, terms.OutputPricePerMillion);
        MinimumPurchaseTokens = terms.MinimumPurchaseTokens;
        if (pricesChanged)
        {
            _prices.Add(new OfferPrice(Id, InputPricePerMillion, OutputPricePerMillion, nowUtc));
        }

        Touch(nowUtc);
    }

    private void Move(OfferStatus to, DateTime nowUtc, params OfferStatus[] from)
    {
        if (!from.Contains(Status))
        {
            throw new DomainException($"A {Status.ToString().ToLowerInvariant()} listing cannot become {to.ToString().ToLowerInvariant()}.");
        }

        Status = to;
        Touch(nowUtc);
    }

    private void Touch(DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        Version++;
    }
}
