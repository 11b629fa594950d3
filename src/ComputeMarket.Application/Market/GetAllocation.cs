using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>One allocation, for the buyer that holds it or the provider that serves it.</summary>
public sealed record GetAllocation(Guid OrganizationId, Guid AllocationId) : IRequest<Result<AllocationRow>>;

/// <summary>
/// The usage an allocation's provider reported: all of it, what settlement has billed (the rest waits for the next
/// run), and the latest events.
/// </summary>
public sealed record AllocationUsage(long QuotaTokens, long ReportedTokens, long SettledTokens, int EventCount, IReadOnlyList<UsageEventRow> RecentEvents)
{
    public const int RecentCount = 20;

    public long WaitingTokens => ReportedTokens - SettledTokens;

    /// <summary>What the quota still allows beyond what was reported (never below zero).</summary>
    public long RemainingTokens => Math.Max(0, QuotaTokens - ReportedTokens);

    public int SettledPercent => Percent(SettledTokens);

    /// <summary>The waiting part of the bar, so that settled and waiting together never pass 100.</summary>
    public int WaitingPercent => Math.Max(0, Percent(ReportedTokens) - SettledPercent);

    private int Percent(long tokens) => QuotaTokens <= 0 ? 0 : (int)Math.Min(100, tokens * 100 / QuotaTokens);
}

public sealed record UsageEventRow(string EventId, DateTime OccurredAtUtc, long InputTokens, long OutputTokens, bool Settled, UsageFlags Flags)
{
    public long Tokens => InputTokens + OutputTokens;
}

internal sealed class GetAllocationHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetAllocation, Result<AllocationRow>>
{
    public async Task<Result<AllocationRow>> Handle(GetAllocation request, CancellationToken cancellationToken)
    {
        var role = await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken);
        if (role is null)
        {
            return Result<AllocationRow>.Forbidden(localizer["You are not a member of this organization."]);
        }

        var allocation = await db.Allocations.AsNoTracking().SingleOrDefaultAsync(
            a => a.Id == request.AllocationId && (a.BuyerOrganizationId == request.OrganizationId || a.ProviderOrganizationId == request.OrganizationId),
            cancellationToken);
        if (allocation is null)
        {
            return Result<AllocationRow>.NotFound(localizer["There is no such allocation."]);
        }

        var asProvider = allocation.ProviderOrganizationId == request.OrganizationId;
        var row = await db.Allocations.Where(a => a.Id == allocation.Id).ToRows(db, asProvider).SingleAsync(cancellationToken);
        return row with
        {
            CanCancel = !asProvider && row.Status == AllocationStatus.Active && role.IsAtLeast(MembershipRole.Purchaser),
            Usage = await UsageOfAsync(allocation.Id, allocation.QuotaTokens, cancellationToken),
        };
    }

    /// <summary>What the provider reported for the allocation, how much of it settlement has billed, and its last events.</summary>
    private async Task<AllocationUsage> UsageOfAsync(Guid allocationId, long quota, CancellationToken cancellationToken)
    {
        var events = db.UsageEvents.AsNoTracking().Where(e => e.AllocationId == allocationId);
        var totals = await events
            .GroupBy(e => e.SettlementBatchId == null)
            .Select(g => new { Waiting = g.Key, Tokens = g.Sum(e => e.InputTokens + e.OutputTokens), Count = g.Count() })
            .ToListAsync(cancellationToken);
        var recent = await events
            .OrderByDescending(e => e.OccurredAtUtc).ThenByDescending(e => e.Sequence)
            .Take(AllocationUsage.RecentCount)
            .Select(e => new UsageEventRow(e.EventId, e.OccurredAtUtc, e.InputTokens, e.OutputTokens, e.SettlementBatchId != null, e.Flags))
            .ToListAsync(cancellationToken);
        return new AllocationUsage(
            quota,
            totals.Sum(t => t.Tokens),
            totals.Where(t => !t.Waiting).Sum(t => t.Tokens),
            totals.Sum(t => t.Count),
            recent);
    }
}

internal static class AllocationRows
{
    public static IQueryable<AllocationRow> ToRows(this IQueryable<Allocation> allocations, IAppDbContext db, bool asProvider) =>
        (asProvider
            ? allocations.Join(db.Offers, a => a.OfferId, o => o.Id, (a, o) => new { a, o })
                .Join(db.Organizations, x => x.a.BuyerOrganizationId, org => org.Id, (x, org) => new { x.a, x.o, Counterparty = org.Name })
            : allocations.Join(db.Offers, a => a.OfferId, o => o.Id, (a, o) => new { a, o })
                .Join(db.Organizations, x => x.a.ProviderOrganizationId, org => org.Id, (x, org) => new { x.a, x.o, Counterparty = org.Name }))
            .OrderByDescending(x => x.a.CreatedAtUtc)
            .Select(x => new AllocationRow(
                x.a.Id, x.o.Id, x.Counterparty, x.o.GpuModel, x.o.ServedModel, x.a.Kind, x.a.QuotaTokens,
                x.a.ConsumedInputTokens + x.a.ConsumedOutputTokens, x.a.InputPricePerMillion, x.a.OutputPricePerMillion,
                x.a.HoldAmount, x.a.CommittedAmount, x.a.AccessKeyPrefix, x.a.CreatedAtUtc, x.a.ExpiresAtUtc, x.a.Status, x.a.CloseReason)
            {
                ExpiryRule = db.TokenPackages.Where(p => p.Id == x.a.PackageId).Select(p => (PackageExpiryRule?)p.ExpiryRule).FirstOrDefault(),
            });
}
