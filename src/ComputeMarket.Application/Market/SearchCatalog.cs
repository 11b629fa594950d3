using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>What the catalog sorts by. Each key names the price it uses; each has an index (OfferConfiguration).</summary>
public enum CatalogSort
{
    /// <summary>The higher of the input and output price per million tokens: what a token costs at most.</summary>
    Price,

    /// <summary>Input and output prices weighted 3:1 (<see cref="Pricing.BlendedPricePerMillion"/>).</summary>
    Blended,

    Input,
    Output,
    Throughput,
    Reliability,
}

public enum SortDirection
{
    Ascending,
    Descending,
}

/// <summary>
/// The public catalog: active offers whose window has not ended, filtered, sorted and paged in the database. Every
/// sort key is an offer column with an index holding the whole order (ties broken by price, then id), so a page walks
/// the index and stops after the rows it shows; a price ceiling (on the higher of the two prices) or a throughput
/// floor is tested on the way. Counting is capped at <see cref="CountLimit"/> matches, so neither query reads every
/// offer of a large market.
/// </summary>
public sealed record SearchCatalog(
    string? GpuModel = null,
    string? Region = null,
    string? ServedModel = null,
    string? MaxPrice = null,
    long? MinThroughput = null,
    long? MinAvailableTokens = null,
    CatalogSort Sort = CatalogSort.Price,
    int Page = 1,
    int PageSize = 20,
    SortDirection? Direction = null) : IRequest<CatalogPage>
{
    /// <summary>The catalog counts matches up to this many, and says "more than" beyond.</summary>
    public const int CountLimit = 1_000;

    /// <summary>Prices read cheapest first, throughput and reliability highest first, unless asked otherwise.</summary>
    public static SortDirection NaturalDirection(CatalogSort sort) =>
        sort is CatalogSort.Throughput or CatalogSort.Reliability ? SortDirection.Descending : SortDirection.Ascending;

    public SortDirection EffectiveDirection => Direction ?? NaturalDirection(Sort);
}

/// <param name="TotalCount">Matching offers, counted up to <see cref="SearchCatalog.CountLimit"/>.</param>
/// <param name="CountIsCapped">True when more offers match than were counted.</param>
/// <param name="HasNextPage">True when a row exists beyond this page.</param>
public sealed record CatalogPage(IReadOnlyList<CatalogRow> Rows, int Page, int PageSize, int TotalCount, bool CountIsCapped = false, bool HasNextPage = false)
{
    /// <summary>The pages the count covers (at least the current page when the count is capped).</summary>
    public int PageCount => Math.Max(CountIsCapped ? Page + (HasNextPage ? 1 : 0) : 1, (TotalCount + PageSize - 1) / PageSize);
}

public sealed record CatalogRow(
    Guid Id,
    string ProviderName,
    int ProviderReliability,
    string GpuModel,
    int GpuCount,
    int VramGbPerGpu,
    string Region,
    string ServedModel,
    long ThroughputTokensPerSecond,
    long InputPricePerMillion,
    long OutputPricePerMillion,
    long BlendedPricePerMillion,
    long MaxPricePerMillion,
    long RemainingTokens,
    long TotalQuotaTokens,
    DateTime AvailableUntilUtc,
    bool HasPackages);

public sealed class SearchCatalogValidator : AbstractValidator<SearchCatalog>
{
    public SearchCatalogValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.MaxPrice!).MustBeAmountBetween(1, 1_000_000_00, localizer).When(r => !string.IsNullOrWhiteSpace(r.MaxPrice));
        RuleFor(r => r.MinThroughput).GreaterThanOrEqualTo(0).WithMessage(_ => localizer["Throughput is never negative."]);
        RuleFor(r => r.MinAvailableTokens).GreaterThanOrEqualTo(0).WithMessage(_ => localizer["Available tokens are never negative."]);
        RuleFor(r => r.Page).InclusiveBetween(1, 1_000_000).WithMessage(_ => localizer["There is no such page."]);
        RuleFor(r => r.PageSize).InclusiveBetween(1, 100).WithMessage(_ => localizer["There is no such page."]);
        RuleFor(r => r.Sort).IsInEnum().WithMessage(_ => localizer["Choose one of the sort orders offered."]);
        RuleFor(r => r.Direction).IsInEnum().WithMessage(_ => localizer["Choose one of the sort orders offered."]);
    }
}

internal sealed class SearchCatalogHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<SearchCatalog, CatalogPage>
{
    public async Task<CatalogPage> Handle(SearchCatalog request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var offers = db.Offers.AsNoTracking().Where(o => o.Status == OfferStatus.Active && o.AvailableUntilUtc > now);
        if (!string.IsNullOrWhiteSpace(request.GpuModel))
        {
            offers = offers.Where(o => o.GpuModel == request.GpuModel);
        }

        if (!string.IsNullOrWhiteSpace(request.Region))
        {
            offers = offers.Where(o => o.Region == request.Region);
        }

        if (!string.IsNullOrWhiteSpace(request.ServedModel))
        {
            offers = offers.Where(o => o.ServedModel == request.ServedModel);
        }

        if (!string.IsNullOrWhiteSpace(request.MaxPrice) && Money.TryParse(request.MaxPrice, "XXX", out var maxPrice))
        {
            offers = offers.Where(o => o.MaxPricePerMillion <= maxPrice.MinorUnits);
        }

        if (request.MinThroughput is > 0 and var throughput)
        {
            offers = offers.Where(o => o.ThroughputTokensPerSecond >= throughput);
        }

        if (request.MinAvailableTokens is > 0 and var available)
        {
            offers = offers.Where(o => o.TotalQuotaTokens - o.ReservedTokens >= available);
        }

        // A bounded count: at most CountLimit + 1 matches are read, however large the market.
        var counted = await offers.Take(SearchCatalog.CountLimit + 1).CountAsync(cancellationToken);
        var ascending = request.EffectiveDirection == SortDirection.Ascending;

        // Each order is exactly one index of OfferConfiguration, forwards (ascending) or backwards (descending).
        var sorted = (request.Sort, ascending) switch
        {
            (CatalogSort.Blended, true) => offers.OrderBy(o => o.BlendedPricePerMillion).ThenBy(o => o.Id),
            (CatalogSort.Blended, false) => offers.OrderByDescending(o => o.BlendedPricePerMillion).ThenByDescending(o => o.Id),
            (CatalogSort.Input, true) => offers.OrderBy(o => o.InputPricePerMillion).ThenBy(o => o.Id),
            (CatalogSort.Input, false) => offers.OrderByDescending(o => o.InputPricePerMillion).ThenByDescending(o => o.Id),
            (CatalogSort.Output, true) => offers.OrderBy(o => o.OutputPricePerMillion).ThenBy(o => o.Id),
            (CatalogSort.Output, false) => offers.OrderByDescending(o => o.OutputPricePerMillion).ThenByDescending(o => o.Id),
            (CatalogSort.Throughput, false) => offers.OrderByDescending(o => o.ThroughputTokensPerSecond).ThenBy(o => o.MaxPricePerMillion).ThenBy(o => o.Id),
            (CatalogSort.Throughput, true) => offers.OrderBy(o => o.ThroughputTokensPerSecond).ThenByDescending(o => o.MaxPricePerMillion).ThenByDescending(o => o.Id),
            (CatalogSort.Reliability, false) => offers.OrderByDescending(o => o.ProviderReliability).ThenBy(o => o.MaxPricePerMillion).ThenBy(o => o.Id),
            (CatalogSort.Reliability, true) => offers.OrderBy(o => o.ProviderReliability).ThenByDescending(o => o.MaxPricePerMillion).ThenByDescending(o => o.Id),
            (_, false) => offers.OrderByDescending(o => o.MaxPricePerMillion).ThenBy(o => o.ThroughputTokensPerSecond).ThenByDescending(o => o.Id),
            _ => offers.OrderBy(o => o.MaxPricePerMillion).ThenByDescending(o => o.ThroughputTokensPerSecond).ThenBy(o => o.Id),
        };

        // First the page's ids, from indexes alone (the sort's index, or the covering filter index when a filter keeps
        // few offers, sorted without reading a table row), then the rows of those ids only.
        var ids = await sorted.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize + 1).Select(o => o.Id).ToListAsync(cancellationToken);
        var found = await db.Offers.AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Join(db.Organizations, o => o.ProviderOrganizationId, p => p.Id, (o, p) => new CatalogRow(
                o.Id,
                p.Name,
                o.ProviderReliability,
                o.GpuModel,
                o.GpuCount,
                o.VramGbPerGpu,
                o.Region,
                o.ServedModel,
                o.ThroughputTokensPerSecond,
                o.InputPricePerMillion,
                o.OutputPricePerMillion,
                o.BlendedPricePerMillion,
                o.MaxPricePerMillion,
                o.TotalQuotaTokens - o.ReservedTokens,
                o.TotalQuotaTokens,
                o.AvailableUntilUtc,
                db.TokenPackages.Any(t => t.OfferId == o.Id && t.IsOnSale)))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var rows = ids.Where(found.ContainsKey).Select(id => found[id]).ToList();

        var hasNextPage = rows.Count > request.PageSize;
        return new CatalogPage(
            hasNextPage ? rows[..request.PageSize] : rows,
            request.Page,
            request.PageSize,
            Math.Min(counted, SearchCatalog.CountLimit),
            counted > SearchCatalog.CountLimit,
            hasNextPage);
    }
}
