using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>
/// One-click purchase of a prepaid token package: the price moves from the buyer's wallet into the buyer's escrow
/// (posted, not held), the package's tokens are reserved on the offer, and an allocation opens. Escrow is released
/// to the provider as usage settles; at expiry the remainder is refunded or forfeited, as the package states.
/// </summary>
public sealed record BuyPackage(Guid BuyerOrganizationId, Guid PackageId) : IRequest<Result<PlacedOrder>>;

internal sealed class BuyPackageHandler(IAppDbContext db, LedgerService ledger, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<BuyPackage, Result<PlacedOrder>>
{
    public async Task<Result<PlacedOrder>> Handle(BuyPackage request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.BuyerOrganizationId, currentUser.UserId, cancellationToken) is null)
        {
            return Result<PlacedOrder>.Forbidden("You are not a member of the buying organization.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ledger.LockAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var package = await db.TokenPackages.SingleOrDefaultAsync(p => p.Id == request.PackageId && p.IsOnSale, cancellationToken);
        var offer = package is null ? null : await db.Offers.SingleAsync(o => o.Id == package.OfferId, cancellationToken);
        if (package is null || offer is null)
        {
            return Result<PlacedOrder>.NotFound("This package is not on sale.");
        }

        if (offer.ProviderOrganizationId == request.BuyerOrganizationId)
        {
            return Result<PlacedOrder>.Invalid("PackageId", "You cannot buy your own organization's capacity.");
        }

        if (offer.WhyCannotReserve(package.Tokens, now) is { } reason)
        {
            return Result<PlacedOrder>.Conflict(reason);
        }

        var buyer = await db.Organizations.SingleAsync(o => o.Id == request.BuyerOrganizationId, cancellationToken);
        if (buyer.MonthlySpendingLimit is { } limit && await db.CommittedThisMonthAsync(buyer.Id, now, cancellationToken) + package.Price > limit)
        {
            return Result<PlacedOrder>.Invalid("PackageId", "This purchase would take your organization past its monthly spending limit.");
        }

        var key = "cmk_" + SecretToken.New();
        var allocation = Allocation.OpenPackage(offer, package, buyer.Id, SecretToken.Hash(key), key[..12], now);
        offer.Reserve(package.Tokens, now);
        db.Allocations.Add(allocation);
        var wallet = await db.AccountIdAsync(buyer.Id, Asset.Money, AccountCode.Wallet, cancellationToken);
        var escrow = await db.AccountIdAsync(buyer.Id, Asset.Money, AccountCode.Escrow, cancellationToken);
        var before = await db.AvailableAsync(wallet, cancellationToken);
        var outcome = await ledger.PostAsync([new TransferRequest(allocation.HoldTransferId, wallet, escrow, package.Price, TransferCode.Purchase, $"allocation:{allocation.Id}")], cancellationToken);
        if (!outcome.Applied)
        {
            return outcome.Results[0] == TransferResult.ExceedsCredits
                ? Result<PlacedOrder>.Invalid("PackageId", "Your wallet's available balance is not enough for this package. Top up first.")
                : Result<PlacedOrder>.Conflict($"The ledger refused the purchase: {outcome.Results[0]}.");
        }

        db.NotifyIfBalanceFallsBelowThreshold(buyer, before, package.Price, now);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<PlacedOrder>.Conflict("The offer changed a moment ago. Reload it and try again.");
        }

        await transaction.CommitAsync(cancellationToken);
        return new PlacedOrder(allocation.Id, key, package.Price);
    }
}
