using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>The packages on sale on one of a provider's listings.</summary>
public sealed record GetListingPackages(Guid ProviderOrganizationId, Guid OfferId) : IRequest<Result<IReadOnlyList<PackageRow>>>;

internal sealed class GetListingPackagesHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<GetListingPackages, Result<IReadOnlyList<PackageRow>>>
{
    public async Task<Result<IReadOnlyList<PackageRow>>> Handle(GetListingPackages request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, MembershipRole.Owner, cancellationToken))
        {
            return Result<IReadOnlyList<PackageRow>>.Forbidden();
        }

        return await db.TokenPackages
            .Join(db.Offers, p => p.OfferId, o => o.Id, (p, o) => new { Package = p, Offer = o })
            .Where(x => x.Offer.Id == request.OfferId && x.Offer.ProviderOrganizationId == request.ProviderOrganizationId && x.Package.IsOnSale)
            .OrderBy(x => x.Package.Price)
            .Select(x => new PackageRow(x.Package.Id, x.Package.Name, x.Package.Tokens, x.Package.Price, x.Package.ValidityDays, x.Package.ExpiryRule))
            .ToListAsync(cancellationToken);
    }
}
