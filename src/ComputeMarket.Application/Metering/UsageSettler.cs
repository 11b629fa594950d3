using System.Diagnostics;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Metering;

/// <summary>What a settlement took: one usage event, as settlement reads it.</summary>
internal sealed record WaitingEvent(long Sequence, Guid AllocationId, long InputTokens, long OutputTokens);

/// <summary>
/// Turns waiting usage events into money, inside the caller's unit of work and under the ledger lock: per allocation
/// it adds the events' tokens to the settled totals (<see cref="Allocation.Settle"/>), then moves the charge since
/// the last settlement — on demand by capturing that much of the current hold and holding the rest again, for a
/// package by releasing it from escrow — to the provider, and the platform's fee from the provider to Fees. Events
/// for a closed allocation are kept as late and bill nothing; events past the quota are flagged. The events are
/// marked with the batch, the batch and its lines are added, and nothing is saved: the caller commits once.
/// </summary>
/// <remarks>
/// Every transfer id derives from the batch and the allocation, and the batch id from what it took, so a batch
/// rerun after a crash writes the same transfers, and a batch that did commit cannot be applied again: its events
/// are no longer waiting, and its transfer ids would exist.
/// </remarks>
public sealed class UsageSettler(IAppDbContext db, IUnitOfWork unitOfWork, LedgerService ledger, TimeProvider clock)
{
    /// <summary>
    /// Settles the oldest waiting events, at most <paramref name="batchSize"/>, as one unit of work of its own (one
    /// transaction per batch); null when none wait.
    /// </summary>
    public Task<SettlementBatch?> SettleNextBatchAsync(int batchSize, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(
            async ct =>
            {
                var batch = await SettleNextAsync(batchSize, ct);
                if (batch is null)
                {
                    return null;
                }

                // Allocations are only changed under the ledger lock, which this unit holds: a conflict is a bug.
                return await unitOfWork.SaveAsync(ct) ? batch : throw new InvalidOperationException($"Settlement batch {batch.Id} met a concurrent change to an allocation.");
            },
            cancellationToken);

    private async Task<SettlementBatch?> SettleNextAsync(int batchSize, CancellationToken cancellationToken)
    {
        await ledger.LockAsync(cancellationToken);
        var events = await db.UsageEvents.AsNoTracking()
            .Where(e => e.SettlementBatchId == null)
            .OrderBy(e => e.Sequence)
            .Take(batchSize)
            .Select(e => new WaitingEvent(e.Sequence, e.AllocationId, e.InputTokens, e.OutputTokens))
            .ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return null;
        }

        var batch = new SettlementBatch(DeterministicId.For($"settlement-batch:{events[0].Sequence}"), SettlementKind.Scheduled, clock.GetUtcNow().UtcDateTime);
        await ApplyAsync(batch, events, holdTheRest: true, cancellationToken);

        await MarkAsync(events, batch, cancellationToken);
        return batch;
    }

    /// <summary>
    /// Settles what one open allocation has waiting, before it closes (the caller holds the ledger lock and has the
    /// allocation tracked). The capture releases the rest of the hold at once, since the allocation is closing; the
    /// closer voids the hold instead when nothing was captured. Null when nothing waits.
    /// </summary>
    public async Task<SettlementBatch?> SettleBeforeClosingAsync(Allocation allocation, CancellationToken cancellationToken)
    {
        await ledger.LockAsync(cancellationToken);
        var events = await db.UsageEvents.AsNoTracking()
            .Where(e => e.AllocationId == allocation.Id && e.SettlementBatchId == null)
            .OrderBy(e => e.Sequence)
            .Select(e => new WaitingEvent(e.Sequence, e.AllocationId, e.InputTokens, e.OutputTokens))
            .ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return null;
        }

        var batch = new SettlementBatch(DeterministicId.For("settlement-close", allocation.Id), SettlementKind.Closing, clock.GetUtcNow().UtcDateTime);
        await ApplyAsync(batch, events, holdTheRest: false, cancellationToken);
        await MarkAsync(events, batch, cancellationToken);
        return batch;
    }

    private async Task ApplyAsync(SettlementBatch batch, List<WaitingEvent> events, bool holdTheRest, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var ids = events.Select(e => e.AllocationId).Distinct().ToList();

        // Tracked: the allocation the closer holds is the same instance, and settlement's changes join the unit.
        var allocations = await db.Allocations.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var organizations = allocations.Values.SelectMany(a => new[] { a.BuyerOrganizationId, a.ProviderOrganizationId }).Distinct().ToList();
        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => a.OwnerOrganizationId != null && organizations.Contains(a.OwnerOrganizationId.Value) && a.Asset == Asset.Money)
            .Select(a => new { a.Id, Organization = a.OwnerOrganizationId!.Value, a.Code })
            .ToDictionaryAsync(a => (a.Organization, a.Code), a => a.Id, cancellationToken);
        long Account(Guid organization, AccountCode code) => accounts[(organization, code)];

        var transfers = new List<TransferRequest>();
        var overQuota = new List<long>();
        var late = new List<long>();
        foreach (var group in events.GroupBy(e => e.AllocationId).OrderBy(g => g.Min(e => e.Sequence)))
        {
            var allocation = allocations[group.Key];
            long input = 0, output = 0, overQuotaTokens = 0, lateTokens = 0;
            if (allocation.Status != AllocationStatus.Active)
            {
                late.AddRange(group.Select(e => e.Sequence));
                lateTokens = group.Sum(e => e.InputTokens + e.OutputTokens);
                batch.Add(new SettlementLine(batch.Id, allocation.Id, allocation.BuyerOrganizationId, allocation.ProviderOrganizationId, group.Count(), 0, 0, 0, 0, 0, lateTokens));
                continue;
            }

            var settled = allocation.ConsumedTokens;
            foreach (var usage in group)
            {
                input += usage.InputTokens;
                output += usage.OutputTokens;
                var after = settled + usage.InputTokens + usage.OutputTokens;
                if (after > allocation.QuotaTokens)
                {
                    overQuota.Add(usage.Sequence);
                    overQuotaTokens += after - Math.Max(settled, allocation.QuotaTokens);
                }

                settled = after;
            }

            var step = allocation.Settle(input, output);
            var reference = $"settlement:{batch.Id:N}:{allocation.Id:N}";
            var provider = Account(allocation.ProviderOrganizationId, AccountCode.Wallet);
            if (step.Charge > 0)
            {
                if (allocation.Kind == AllocationKind.OnDemand)
                {
                    var hold = allocation.CurrentHoldId ?? throw new InvalidOperationException($"Allocation {allocation.Id} has a charge but no hold left.");
                    transfers.Add(TransferRequest.Post(Id("settle-capture", batch, allocation), hold, step.Charge, TransferCode.Settlement, reference));
                    Guid? rest = null;
                    if (step.Left > 0 && holdTheRest)
                    {
                        rest = Id("settle-hold", batch, allocation);
                        transfers.Add(new TransferRequest(rest.Value, Account(allocation.BuyerOrganizationId, AccountCode.Wallet), provider, step.Left, TransferCode.Purchase, reference, TransferFlags.Pending));
                    }

                    allocation.HoldRestUnder(rest);
                }
                else
                {
                    transfers.Add(new TransferRequest(Id("settle-escrow", batch, allocation), Account(allocation.BuyerOrganizationId, AccountCode.Escrow), provider, step.Charge, TransferCode.Settlement, reference));
                }
            }

            if (step.Fee > 0)
            {
                transfers.Add(new TransferRequest(Id("settle-fee", batch, allocation), provider, PlatformAccounts.MoneyFees, step.Fee, TransferCode.Fee, reference));
            }

            batch.Add(new SettlementLine(batch.Id, allocation.Id, allocation.BuyerOrganizationId, allocation.ProviderOrganizationId, group.Count(), input, output, step.Charge, step.Fee, overQuotaTokens, 0));
        }

        if (transfers.Count > 0)
        {
            var outcome = await ledger.PostAsync(transfers, cancellationToken);
            if (!outcome.Applied)
            {
                // Settlement's transfers are built from the ledger's own state: a refusal is a bug, never bad input.
                throw new InvalidOperationException($"The ledger refused settlement batch {batch.Id}: {string.Join(", ", outcome.Results.Distinct())}.");
            }
        }

        await FlagAsync(overQuota, UsageFlags.OverQuota, cancellationToken);
        await FlagAsync(late, UsageFlags.Late, cancellationToken);
        batch.Finish(watch.Elapsed);
        db.SettlementBatches.Add(batch);
    }

    /// <summary>
    /// Marks exactly the events the batch read, by their sequence numbers. Not by range: on a server engine an event
    /// stored by a report that commits meanwhile can take a sequence number inside the batch's range, and it must wait
    /// for the next batch rather than be marked settled unbilled.
    /// </summary>
    private async Task MarkAsync(List<WaitingEvent> events, SettlementBatch batch, CancellationToken cancellationToken)
    {
        foreach (var chunk in events.Select(e => e.Sequence).Chunk(1_000))
        {
            var marked = await db.UsageEvents
                .Where(e => e.SettlementBatchId == null && chunk.Contains(e.Sequence))
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.SettlementBatchId, batch.Id), cancellationToken);
            if (marked != chunk.Length)
            {
                throw new InvalidOperationException($"Settlement batch {batch.Id} found {chunk.Length - marked} of its events settled by another batch.");
            }
        }
    }

    private async Task FlagAsync(List<long> sequences, UsageFlags flag, CancellationToken cancellationToken)
    {
        foreach (var chunk in sequences.Chunk(500))
        {
            await db.UsageEvents.Where(e => chunk.Contains(e.Sequence)).ExecuteUpdateAsync(set => set.SetProperty(e => e.Flags, flag), cancellationToken);
        }
    }

    private static Guid Id(string purpose, SettlementBatch batch, Allocation allocation) =>
        DeterministicId.For($"{purpose}:{batch.Id:N}:{allocation.Id:N}");
}
