using System.Security.Cryptography;
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
/// or forfeited, as the package states. A <see cref="FormToken"/> (generated when the form is shown) makes a form
/// sent twice, by a double click or a resend, buy once.
/// </summary>
public sealed record BuyPackage(Guid BuyerOrganizationId, Guid PackageId, Guid? FormToken = null) : IRequest<Result<PlacedOrder>>;

/// <summary>
/// A purchase form's token names the allocation it opens: the id is derived from the buying organization and the
/// token, so a resent form finds its allocation already there (and the primary key refuses a second one), while a
/// token cannot be used to pick or probe any other id.
/// </summary>
internal static class FormTokens
{
    public static Guid? AllocationId(Guid buyerOrganizationId, Guid? formToken)
    {
        if (formToken is not { } token || token == Guid.Empty)
        {
            return null;
        }

        Span<byte> input = stackalloc byte[32];
        buyerOrganizationId.TryWriteBytes(input[..16]);
        token.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }

    public static Task<bool> UsedAsync(this IAppDbContext db, Guid? allocationId, CancellationToken cancellationToken) =>
        allocationId is { } id ? db.Allocations.AnyAsync(a => a.Id == id, cancellationToken) : Task.FromResult(false);
}

internal sealed class BuyPackageHandler(IAppDbContext db, Checkout checkout, IStringLocalizer<Messages> localizer) : IRequestHandler<BuyPackage, Result<PlacedOrder>>
{
    public Task<Result<PlacedOrder>> Handle(BuyPackage request, CancellationToken cancellationToken) =>
        checkout.BuyAsync(request.BuyerOrganizationId, nameof(request.PackageId), async ct =>
        {
            // Checked inside the unit of work, under the ledger lock: of two identical posts, the second sees the first.
            var allocationId = FormTokens.AllocationId(request.BuyerOrganizationId, request.FormToken);
            if (await db.UsedAsync(allocationId, ct))
            {
                return Result<Purchase>.Conflict(localizer["This package was already bought with this form, so it was not bought again. It is among your organization's allocations."]);
            }

            var package = await db.TokenPackages.SingleOrDefaultAsync(p => p.Id == request.PackageId && p.IsOnSale, ct);
            var offer = package is null ? null : await db.Offers.SingleAsync(o => o.Id == package.OfferId, ct);
            return package is null || offer is null
                ? Result<Purchase>.NotFound(localizer["This package is not on sale."])
                : new Purchase(offer, package.Tokens, package.Price, package, allocationId);
        }, cancellationToken);
}
