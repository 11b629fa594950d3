using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Market;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>The values the catalog's filter lists offer: what is actually on sale.</summary>
public sealed record GetCatalogFacets : IRequest<CatalogFacets>;

public sealed record CatalogFacets(IReadOnlyList<string> GpuModels, IReadOnlyList<string> Regions, IReadOnlyList<string> ServedModels);

internal sealed class GetCatalogFacetsHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<GetCatalogFacets, CatalogFacets>
{
    public async Task<CatalogFacets> Handle(GetCatalogFacets request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var active = db.Offers.AsNoTracking().Where(o => o.Status == OfferStatus.Active && o.AvailableUntilUtc > now);
        var served = await active.Select(o => o.ServedModel).Distinct().OrderBy(m => m).ToListAsync(cancellationToken);
        return new CatalogFacets(Catalog.GpuModels.Select(g => g.Name).ToList(), Catalog.Regions, served);
    }
}
