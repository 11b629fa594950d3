using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>
/// One-click purchase of a prepaid token package: the price moves from the buyer's wallet into the buyer's escrow
/// (posted, not held), the package's tokens are reserved on the offer, and an allocation opens (see
/// <see cref="Checkout"/>). Escrow is released to the provider as usage settles; at expiry the remainder is refunded
/// or forfeited, as the package states.
/// </summary>
public sealed record BuyPackage(Guid BuyerOrganizationId, Guid PackageId) : IRequest<Result<PlacedOrder>>;

internal sealed class BuyPackageHandler(IAppDbContext db, Checkout checkout, IStringLocalizer<Messages> localizer) : IRequestHandler<BuyPackage, Result<PlacedOrder>>
{
    public Task<Result<PlacedOrder>> Handle(BuyPackage request, CancellationToken cancellationToken) =>
        checkout.BuyAsync(request.BuyerOrganizationId, nameof(request.PackageId), async ct =>
        {
            var package = await db.TokenPackages.SingleOrDefaultAsync(p => p.Id == request.PackageId && p.IsOnSale, ct);
            var offer = package is null ? null : await db.Offers.SingleAsync(o => o.Id == package.OfferId, ct);
            return package is null || offer is null
                ? Result<Purchase>.NotFound(localizer["This package is not on sale."])
                : new Purchase(offer, package.Tokens, package.Price, package);
        }, cancellationToken);
}
