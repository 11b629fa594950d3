namespace ComputeMarket.Domain.Market;

/// <summary>Everything a provider states about a listing. Prices are fen per 1,000,000 tokens.</summary>
public sealed record OfferTerms(
    string GpuModel,
    int GpuCount,
    int VramGbPerGpu,
    string Region,
    string ServedModel,
    long ThroughputTokensPerSecond,
    DateTime AvailableFromUtc,
    DateTime AvailableUntilUtc,
    long TotalQuotaTokens,
    long InputPricePerMillion,
    long OutputPricePerMillion,
    long MinimumPurchaseTokens);
