using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

public enum CatalogSort
{
    Price,
    Throughput,
    Reliability,
}

/// <summary>
/// The public catalog: active offers whose window has not ended, filtered, sorted and paged in the database (one
/// query for the page, one for the count; indexes on status with each filter and sort column).
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
    int PageSize = 20) : IRequest<CatalogPage>;

public sealed record CatalogPage(IReadOnlyList<CatalogRow> Rows, int Page, int PageSize, int TotalCount)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
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
    long RemainingTokens,
    long TotalQuotaTokens,
    DateTime AvailableUntilUtc);

public sealed class SearchCatalogValidator : AbstractValidator<SearchCatalog>
{
    public SearchCatalogValidator()
    {
        RuleFor(r => r.MaxPrice!).MustBeAmountBetween(1, 1_000_000_00).When(r => !string.IsNullOrWhiteSpace(r.MaxPrice));
        RuleFor(r => r.MinThroughput).GreaterThanOrEqualTo(0).WithMessage("Throughput is never negative.");
        RuleFor(r => r.MinAvailableTokens).GreaterThanOrEqualTo(0).WithMessage("Available tokens are never negative.");
        RuleFor(r => r.Page).InclusiveBetween(1, 1_000_000).WithMessage("There is no such page.");
        RuleFor(r => r.PageSize).InclusiveBetween(1, 100);
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

        var joined = offers.Join(db.Organizations, o => o.ProviderOrganizationId, p => p.Id, (o, p) => new { Offer = o, Provider = p });
        var sorted = request.Sort switch
        {
            CatalogSort.Throughput => joined.OrderByDescending(x => x.Offer.ThroughputTokensPerSecond).ThenBy(x => x.Offer.MaxPricePerMillion),
            CatalogSort.Reliability => joined.OrderByDescending(x => x.Provider.ReliabilityScore).ThenBy(x => x.Offer.MaxPricePerMillion),
            _ => joined.OrderBy(x => x.Offer.MaxPricePerMillion).ThenByDescending(x => x.Offer.ThroughputTokensPerSecond),
        };

        var total = await offers.CountAsync(cancellationToken);
        var rows = await sorted.ThenBy(x => x.Offer.Id)
            .Skip((request.Page - 1) * request.PageSize)
            .Take(request.PageSize)
            .Select(x => new CatalogRow(
                x.Offer.Id,
                x.Provider.Name,
                x.Provider.ReliabilityScore,
                x.Offer.GpuModel,
                x.Offer.GpuCount,
                x.Offer.VramGbPerGpu,
                x.Offer.Region,
                x.Offer.ServedModel,
                x.Offer.ThroughputTokensPerSecond,
                x.Offer.InputPricePerMillion,
                x.Offer.OutputPricePerMillion,
                x.Offer.TotalQuotaTokens - x.Offer.ReservedTokens,
                x.Offer.TotalQuotaTokens,
                x.Offer.AvailableUntilUtc))
            .ToListAsync(cancellationToken);
        return new CatalogPage(rows, request.Page, request.PageSize, total);
    }
}
