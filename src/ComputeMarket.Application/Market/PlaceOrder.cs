using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>
/// A buyer orders <see cref="Tokens"/> of an offer. In one transaction: the quota is reserved, a pending transfer
/// holds the maximum cost on the buyer's wallet (buyer Wallet → provider Wallet), and an allocation with a fresh
/// access key is opened. Racing buyers can neither oversell the offer nor overdraw a wallet: the transaction holds
/// the ledger's lock while it checks and writes.
/// </summary>
public sealed record PlaceOrder(Guid BuyerOrganizationId, Guid OfferId, long Tokens) : IRequest<Result<PlacedOrder>>;

/// <summary>The access key is shown once; only its hash is stored.</summary>
public sealed record PlacedOrder(Guid AllocationId, string AccessKey, long HoldAmount);

public sealed class PlaceOrderValidator : AbstractValidator<PlaceOrder>
{
    public PlaceOrderValidator() =>
        RuleFor(r => r.Tokens).InclusiveBetween(1, Offer.MaxQuotaTokens).WithMessage("Enter how many tokens you want, more than zero.");
}

internal sealed class PlaceOrderHandler(IAppDbContext db, LedgerService ledger, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<PlaceOrder, Result<PlacedOrder>>
{
    public async Task<Result<PlacedOrder>> Handle(PlaceOrder request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.BuyerOrganizationId, currentUser.UserId, cancellationToken) is null)
        {
            return Result<PlacedOrder>.Forbidden("You are not a member of the buying organization.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ledger.LockAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        var offer = await db.Offers.SingleOrDefaultAsync(o => o.Id == request.OfferId, cancellationToken);
        if (offer is null || offer.Status == OfferStatus.Draft)
        {
            return Result<PlacedOrder>.NotFound("There is no such offer.");
        }

        if (offer.ProviderOrganizationId == request.BuyerOrganizationId)
        {
            return Result<PlacedOrder>.Invalid(nameof(request.Tokens), "You cannot buy your own organization's capacity.");
        }

        if (offer.WhyCannotReserve(request.Tokens, now) is { } reason)
        {
            return offer.RemainingTokens == 0 || offer.Status == OfferStatus.SoldOut
                ? Result<PlacedOrder>.Conflict(reason)
                : Result<PlacedOrder>.Invalid(nameof(request.Tokens), reason);
        }

        var buyer = await db.Organizations.SingleAsync(o => o.Id == request.BuyerOrganizationId, cancellationToken);
        var hold = Pricing.MaxCost(request.Tokens, offer.MaxPricePerMillion);
        if (buyer.MonthlySpendingLimit is { } limit)
        {
            var committed = await db.CommittedThisMonthAsync(buyer.Id, now, cancellationToken);
            if (committed + hold > limit)
            {
                db.Notifications.Add(new Notification(buyer.Id, NotificationKind.SpendingLimitReached, "An order was refused: it would have taken this month's spending past the monthly limit.", now));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return Result<PlacedOrder>.Invalid(nameof(request.Tokens), "This order would take your organization past its monthly spending limit. An owner can raise the limit on the wallet page.");
            }
        }

        var key = "cmk_" + SecretToken.New();
        var allocation = Allocation.OpenOnDemand(offer, buyer.Id, request.Tokens, SecretToken.Hash(key), key[..12], now);
        offer.Reserve(request.Tokens, now);
        db.Allocations.Add(allocation);

        var buyerWallet = await db.AccountIdAsync(buyer.Id, Asset.Money, AccountCode.Wallet, cancellationToken);
        var providerWallet = await db.AccountIdAsync(offer.ProviderOrganizationId, Asset.Money, AccountCode.Wallet, cancellationToken);
        var before = await db.AvailableAsync(buyerWallet, cancellationToken);
        var outcome = await ledger.PostAsync(
            [new TransferRequest(allocation.HoldTransferId, buyerWallet, providerWallet, hold, TransferCode.Purchase, $"allocation:{allocation.Id}", TransferFlags.Pending)],
            cancellationToken);
        if (!outcome.Applied)
        {
            return outcome.Results[0] == TransferResult.ExceedsCredits
                ? Result<PlacedOrder>.Invalid(nameof(request.Tokens), $"Your wallet's available balance is not enough for the maximum cost of this order. Top up or order fewer tokens.")
                : Result<PlacedOrder>.Conflict($"The ledger refused the hold: {outcome.Results[0]}.");
        }

        db.NotifyIfBalanceFallsBelowThreshold(buyer, before, hold, now);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result<PlacedOrder>.Conflict("The offer changed a moment ago. Reload it and order again.");
        }

        await transaction.CommitAsync(cancellationToken);
        return new PlacedOrder(allocation.Id, key, hold);
    }
}
