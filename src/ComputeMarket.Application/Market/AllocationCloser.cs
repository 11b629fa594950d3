using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>
/// Closes allocations (cancelled, expired, exhausted): one unit of work settles the usage still waiting (so what was
/// consumed is charged first), releases the rest of the hold (or refunds or forfeits the rest of a package's escrow),
/// and returns unused quota to the offer. Transfer ids derive from the allocation, so closing twice moves nothing twice.
/// </summary>
public sealed class AllocationCloser(IAppDbContext db, IUnitOfWork unitOfWork, LedgerService ledger, UsageSettler settler, TimeProvider clock, IStringLocalizer<Messages> localizer)
{
    public const string AlreadyClosed = "This allocation is already closed.";

    public Task<Result<AllocationClosing>> CloseAsync(Guid allocationId, Guid? buyerOrganizationId, AllocationCloseReason reason, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(ct => CloseInUnitAsync(allocationId, buyerOrganizationId, reason, ct), cancellationToken);

    private async Task<Result<AllocationClosing>> CloseInUnitAsync(Guid allocationId, Guid? buyerOrganizationId, AllocationCloseReason reason, CancellationToken cancellationToken)
    {
        await ledger.LockAsync(cancellationToken);
        var allocation = await db.Allocations.SingleOrDefaultAsync(a => a.Id == allocationId, cancellationToken);
        if (allocation is null || (buyerOrganizationId is { } buyer && allocation.BuyerOrganizationId != buyer))
        {
            return Result<AllocationClosing>.NotFound(localizer["There is no such allocation."]);
        }

        if (allocation.Status != AllocationStatus.Active)
        {
            return Result<AllocationClosing>.Conflict(localizer[AlreadyClosed]);
        }

        await settler.SettleBeforeClosingAsync(allocation, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var hold = allocation.CurrentHoldId;
        var closing = allocation.Close(reason, now);
        var offer = await db.Offers.SingleAsync(o => o.Id == allocation.OfferId, cancellationToken);
        offer.Return(closing.UnusedTokens, now);

        var transfers = new List<TransferRequest>();
        var reference = $"allocation:{allocation.Id}";
        if (allocation.Kind == AllocationKind.OnDemand)
        {
            if (hold is { } rest)
            {
                transfers.Add(TransferRequest.Void(DeterministicId.For("allocation-close", allocation.Id), rest, TransferCode.Release, reference));
            }
        }
        else
        {
            var escrow = await db.AccountIdAsync(allocation.BuyerOrganizationId, Asset.Money, AccountCode.Escrow, cancellationToken);
            var buyerWallet = await db.AccountIdAsync(allocation.BuyerOrganizationId, Asset.Money, AccountCode.Wallet, cancellationToken);
            var providerWallet = await db.AccountIdAsync(allocation.ProviderOrganizationId, Asset.Money, AccountCode.Wallet, cancellationToken);
            var rule = await db.TokenPackages.Where(p => p.Id == allocation.PackageId).Select(p => p.ExpiryRule).SingleAsync(cancellationToken);
            if (closing.Released > 0)
            {
                transfers.Add(rule == PackageExpiryRule.Refund
                    ? new TransferRequest(DeterministicId.For("package-refund", allocation.Id), escrow, buyerWallet, closing.Released, TransferCode.Refund, reference)
                    : new TransferRequest(DeterministicId.For("package-forfeit", allocation.Id), escrow, providerWallet, closing.Released, TransferCode.Release, reference));
            }
        }

        var outcome = transfers.Count == 0 ? new LedgerOutcome([], []) : await ledger.PostAsync(transfers, cancellationToken);
        if (!outcome.Applied)
        {
            return Result<AllocationClosing>.Conflict(localizer["The ledger refused to close the allocation: {0}.", string.Join(", ", outcome.Results)]);
        }

        return await unitOfWork.SaveAsync(cancellationToken)
            ? closing
            : Result<AllocationClosing>.Conflict(localizer["The allocation changed a moment ago. Reload and try again."]);
    }
}
