using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Application.Market;

/// <summary>
/// What a buyer is buying, found inside the unit of work: tokens of an offer, at a price, perhaps as a package; with
/// the allocation id derived from the buyer's form (<see cref="FormTokens"/>), so that form cannot buy twice.
/// </summary>
internal sealed record Purchase(Offer Offer, long Tokens, long Price, TokenPackage? Package = null, Guid? AllocationId = null);

/// <summary>
/// Buying, whatever is bought (<see cref="PlaceOrder"/> on demand, <see cref="BuyPackage"/> prepaid): in one unit of
/// work under the ledger lock, the offer's quota is reserved, the buyer's monthly limit is checked (a refusal is
/// written as a notification), the money moves (an on-demand order holds its maximum cost on the buyer's wallet, a
/// package is paid into the buyer's escrow), and an allocation with a fresh access key is opened. Racing buyers can
/// neither oversell the offer nor overdraw a wallet nor pass the limit together.
/// </summary>
internal sealed class Checkout(IAppDbContext db, IUnitOfWork unitOfWork, LedgerService ledger, ICurrentUser currentUser, TimeProvider clock, DisplayZone zone, IStringLocalizer<Messages> localizer, IOptions<MoneyOptions> money)
{
    /// <param name="field">The request field that refusals about the quantity or the money are filed under.</param>
    /// <param name="find">Finds what is bought (null: not for sale) or refuses it with a result of its own.</param>
    public async Task<Result<PlacedOrder>> BuyAsync(Guid buyerOrganizationId, string field, Func<CancellationToken, Task<Result<Purchase>>> find, CancellationToken cancellationToken)
    {
        if (!(await db.RoleInAsync(buyerOrganizationId, currentUser.UserId, cancellationToken)).IsAtLeast(MembershipRole.Purchaser))
        {
            return Result<PlacedOrder>.Forbidden(localizer["Only owners and purchasers of the buying organization can buy."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            await ledger.LockAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var found = await find(ct);
            if (!found.Succeeded)
            {
                return Result<PlacedOrder>.From(found);
            }

            var (offer, tokens, price, package, allocationId) = found.Value;
            if (offer.ProviderOrganizationId == buyerOrganizationId)
            {
                return Result<PlacedOrder>.Invalid(field, localizer["You cannot buy your own organization's capacity."]);
            }

            if (localizer.WhyCannotReserve(offer, tokens, now) is { } reason)
            {
                return offer.RemainingTokens == 0 || offer.Status != OfferStatus.Active || now >= offer.AvailableUntilUtc
                    ? Result<PlacedOrder>.Conflict(reason)
                    : Result<PlacedOrder>.Invalid(field, reason);
            }

            var buyer = await db.Organizations.SingleAsync(o => o.Id == buyerOrganizationId, ct);
            var committed = buyer.MonthlySpendingLimit is null ? 0 : await db.CommittedThisMonthAsync(buyer.Id, now, zone, ct);
            if (buyer.MonthlySpendingLimit is { } limit && committed + price > limit)
            {
                // The refusal is kept although the purchase is not: the owners see why it was refused.
                db.Notifications.Add(new Notification(buyer.Id, NotificationKind.SpendingLimitReached, NotificationText.English(NotificationKind.SpendingLimitReached), now));
                await unitOfWork.SaveAsync(ct);
                return Result<PlacedOrder>.Invalid(field, localizer["This purchase would take your organization past its monthly spending limit of {0} by {1}. An owner can raise the limit on the wallet page.", Amount(limit), Amount(committed + price - limit)]);
            }

            var key = "cmk_" + SecretToken.New();
            var fee = await db.BasisPointsAtAsync(now, ct);
            var allocation = package is null
                ? Allocation.OpenOnDemand(offer, buyer.Id, tokens, SecretToken.Hash(key), key[..12], now, allocationId, fee)
                : Allocation.OpenPackage(offer, package, buyer.Id, SecretToken.Hash(key), key[..12], now, allocationId, fee);
            offer.Reserve(tokens, now);
            db.Allocations.Add(allocation);

            var wallet = await db.AccountIdAsync(buyer.Id, Asset.Money, AccountCode.Wallet, ct);
            var payment = package is null
                ? new TransferRequest(allocation.HoldTransferId, wallet, await db.AccountIdAsync(offer.ProviderOrganizationId, Asset.Money, AccountCode.Wallet, ct), price, TransferCode.Purchase, $"allocation:{allocation.Id}", TransferFlags.Pending)
                : new TransferRequest(allocation.HoldTransferId, wallet, await db.AccountIdAsync(buyer.Id, Asset.Money, AccountCode.Escrow, ct), price, TransferCode.Purchase, $"allocation:{allocation.Id}");
            var before = await db.AvailableAsync(wallet, ct);
            var outcome = await ledger.PostAsync([payment], ct);
            if (!outcome.Applied)
            {
                return outcome.Results[0] == TransferResult.ExceedsCredits
                    ? Result<PlacedOrder>.Invalid(field, package is null
                        ? localizer["Your wallet's available balance is not enough for the maximum cost of this order: it is {0}, the order needs {1}, {2} more. Top up or order fewer tokens.", Amount(before), Amount(price), Amount(price - before)]
                        : localizer["Your wallet's available balance is not enough for this package: it is {0}, the package costs {1}, {2} more. Top up first.", Amount(before), Amount(price), Amount(price - before)])
                    : Result<PlacedOrder>.Conflict(localizer["The ledger refused the payment: {0}.", outcome.Results[0]]);
            }

            db.NotifyIfBalanceFallsBelowThreshold(buyer, before, price, now);
            return await unitOfWork.SaveAsync(ct)
                ? new PlacedOrder(allocation.Id, key, price)
                : Result<PlacedOrder>.Conflict(localizer["The offer changed a moment ago. Reload it and try again."]);
        }, cancellationToken);
    }

    private string Amount(long minorUnits) => MoneyText.Format(minorUnits, money.Value.Currency);
}
