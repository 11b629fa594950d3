using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Metering;

/// <summary>One usage event a batch billed (or kept flagged).</summary>
public sealed record SettlementEventRow(long Sequence, string EventId, DateTime OccurredAtUtc, DateTime ReceivedAtUtc, long InputTokens, long OutputTokens, UsageFlags Flags);

/// <summary>One side of a ledger transfer: the account and whose it is (null for the platform's accounts).</summary>
public sealed record TransferSide(long AccountId, AccountCode Code, string? Owner);

/// <summary>A transfer settlement wrote for one allocation of a batch.</summary>
public sealed record SettlementTransferRow(long Sequence, Guid TransferId, DateTime TimestampUtc, TransferCode Code, TransferFlags Flags, long Amount, TransferSide Debit, TransferSide Credit);

/// <summary>
/// One allocation's part of a batch: who bought and who served, at which locked prices, what its events came to, and
/// the events themselves (the first few, or a page of them when the line is shown alone).
/// </summary>
public sealed record SettlementLineDetail(
    Guid AllocationId,
    AllocationKind Kind,
    Guid BuyerOrganizationId,
    string BuyerName,
    Guid ProviderOrganizationId,
    string ProviderName,
    string Model,
    long InputPricePerMillion,
    long OutputPricePerMillion,
    int EventCount,
    long InputTokens,
    long OutputTokens,
    long ChargedAmount,
    long FeeAmount,
    long OverQuotaTokens,
    long LateTokens)
{
    public long Tokens => InputTokens + OutputTokens;

    public long FlaggedTokens => OverQuotaTokens + LateTokens;

    /// <summary>What the provider kept of the charge.</summary>
    public long EarnedAmount => ChargedAmount - FeeAmount;

    public IReadOnlyList<SettlementEventRow> Events { get; init; } = [];

    /// <summary>Which events <see cref="Events"/> holds: a page of <see cref="EventPageSize"/> when the line is shown alone, else the first few.</summary>
    public int EventPage { get; init; } = 1;

    public int EventPageSize { get; init; } = SettlementDetails.EventsPerLine;

    public int EventPageCount => Math.Max(1, (EventCount + EventPageSize - 1) / EventPageSize);

    /// <summary>Whether some of the line's events are not in <see cref="Events"/>.</summary>
    public bool EventsCapped => Events.Count < EventCount;

    public IReadOnlyList<SettlementTransferRow> Transfers { get; init; } = [];
}

/// <summary>The queries behind the batch pages (the audit console's and an organization's).</summary>
internal static class SettlementDetails
{
    /// <summary>Events shown under each line of a batch; the rest are a link away.</summary>
    public const int EventsPerLine = 10;

    /// <summary>Events per page when one line is shown alone.</summary>
    public const int EventPageSize = 100;

    /// <summary>Lines per page of a batch.</summary>
    public const int LinePageSize = 25;

    /// <summary>The reference settlement gives every transfer it writes for an allocation of a batch (see <see cref="UsageSettler"/>).</summary>
    public static string Reference(Guid batchId, Guid allocationId) => $"settlement:{batchId:N}:{allocationId:N}";

    /// <summary>The lines of a batch with names, model and prices, by the allocation's order of settlement.</summary>
    public static IQueryable<SettlementLineDetail> Lines(IAppDbContext db, IQueryable<SettlementLine> lines) =>
        from line in lines
        join allocation in db.Allocations on line.AllocationId equals allocation.Id
        join offer in db.Offers on allocation.OfferId equals offer.Id
        join buyer in db.Organizations on line.BuyerOrganizationId equals buyer.Id
        join provider in db.Organizations on line.ProviderOrganizationId equals provider.Id
        orderby buyer.Name, provider.Name, line.AllocationId
        select new SettlementLineDetail(
            line.AllocationId,
            allocation.Kind,
            line.BuyerOrganizationId,
            buyer.Name,
            line.ProviderOrganizationId,
            provider.Name,
            offer.ServedModel,
            allocation.InputPricePerMillion,
            allocation.OutputPricePerMillion,
            line.EventCount,
            line.InputTokens,
            line.OutputTokens,
            line.ChargedAmount,
            line.FeeAmount,
            line.OverQuotaTokens,
            line.LateTokens);

    /// <summary>Adds each line's events: the first few, or page <paramref name="eventPage"/> when <paramref name="alone"/>.</summary>
    public static async Task<List<SettlementLineDetail>> WithEventsAsync(IAppDbContext db, Guid batchId, IEnumerable<SettlementLineDetail> lines, bool alone, int eventPage, CancellationToken cancellationToken)
    {
        var size = alone ? EventPageSize : EventsPerLine;
        var result = new List<SettlementLineDetail>();
        foreach (var line in lines)
        {
            var page = alone ? Math.Clamp(eventPage, 1, Math.Max(1, (line.EventCount + size - 1) / size)) : 1;
            var events = await db.UsageEvents.AsNoTracking()
                .Where(e => e.SettlementBatchId == batchId && e.AllocationId == line.AllocationId)
                .OrderBy(e => e.Sequence)
                .Skip((page - 1) * size).Take(size)
                .Select(e => new SettlementEventRow(e.Sequence, e.EventId, e.OccurredAtUtc, e.ReceivedAtUtc, e.InputTokens, e.OutputTokens, e.Flags))
                .ToListAsync(cancellationToken);
            result.Add(line with { Events = events, EventPage = page, EventPageSize = size });
        }

        return result;
    }

    /// <summary>Adds the transfers settlement wrote for each line (found by their reference), oldest first.</summary>
    public static async Task<List<SettlementLineDetail>> WithTransfersAsync(IAppDbContext db, Guid batchId, IReadOnlyList<SettlementLineDetail> lines, CancellationToken cancellationToken)
    {
        var references = lines.ToDictionary(l => Reference(batchId, l.AllocationId), l => l.AllocationId);
        var keys = references.Keys.ToList();
        var transfers = await (
                from t in db.Transfers.AsNoTracking()
                where keys.Contains(t.Reference)
                join debit in db.Accounts on t.DebitAccountId equals debit.Id
                join credit in db.Accounts on t.CreditAccountId equals credit.Id
                orderby t.Sequence
                select new
                {
                    t.Reference,
                    Row = new SettlementTransferRow(
                        t.Sequence,
                        t.Id,
                        t.TimestampUtc,
                        t.Code,
                        t.Flags,
                        t.Amount,
                        new TransferSide(debit.Id, debit.Code, db.Organizations.Where(o => o.Id == debit.OwnerOrganizationId).Select(o => o.Name).FirstOrDefault()),
                        new TransferSide(credit.Id, credit.Code, db.Organizations.Where(o => o.Id == credit.OwnerOrganizationId).Select(o => o.Name).FirstOrDefault())),
                })
            .ToListAsync(cancellationToken);
        var byAllocation = transfers.ToLookup(t => references[t.Reference], t => t.Row);
        return lines.Select(l => l with { Transfers = byAllocation[l.AllocationId].ToList() }).ToList();
    }
}
