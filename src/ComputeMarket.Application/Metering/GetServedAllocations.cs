using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Market;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Metering;

/// <summary>
/// The open allocations a provider serves, as its metering agent needs them (<c>GET /api/v1/allocations</c>): what was
/// bought, what has been reported (settled or still waiting), what is left, the locked prices and what was charged so
/// far. The caller's key has been checked: this query trusts <see cref="ProviderOrganizationId"/>.
/// </summary>
public sealed record GetServedAllocations(Guid ProviderOrganizationId) : IRequest<Result<IReadOnlyList<ServedAllocation>>>;

public sealed record ServedAllocation(
    Guid Id,
    Guid OfferId,
    string Model,
    string BuyerOrganization,
    long QuotaTokens,
    long ReportedTokens,
    long SettledTokens,
    long RemainingTokens,
    long InputPricePerMillion,
    long OutputPricePerMillion,
    long ChargedAmount,
    DateTime ExpiresAt,
    AllocationStatus Status);

internal sealed class GetServedAllocationsHandler(IAppDbContext db) : IRequestHandler<GetServedAllocations, Result<IReadOnlyList<ServedAllocation>>>
{
    public async Task<Result<IReadOnlyList<ServedAllocation>>> Handle(GetServedAllocations request, CancellationToken cancellationToken)
    {
        var open = await (
                from a in db.Allocations.AsNoTracking()
                where a.ProviderOrganizationId == request.ProviderOrganizationId && a.Status == AllocationStatus.Active
                join o in db.Offers on a.OfferId equals o.Id
                join b in db.Organizations on a.BuyerOrganizationId equals b.Id
                orderby a.ExpiresAtUtc, a.Id
                select new
                {
                    a.Id,
                    a.OfferId,
                    o.ServedModel,
                    Buyer = b.Name,
                    a.QuotaTokens,
                    Settled = a.ConsumedInputTokens + a.ConsumedOutputTokens,
                    a.InputPricePerMillion,
                    a.OutputPricePerMillion,
                    a.ChargedAmount,
                    a.ExpiresAtUtc,
                    a.Status,
                })
            .ToListAsync(cancellationToken);
        var ids = open.Select(a => a.Id).ToList();
        var waiting = new Dictionary<Guid, long>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var row in await db.UsageEvents.AsNoTracking()
                         .Where(e => e.SettlementBatchId == null && chunk.Contains(e.AllocationId))
                         .GroupBy(e => e.AllocationId)
                         .Select(g => new { g.Key, Tokens = g.Sum(e => e.InputTokens + e.OutputTokens) })
                         .ToListAsync(cancellationToken))
            {
                waiting[row.Key] = row.Tokens;
            }
        }

        return open.Select(a =>
        {
            var reported = a.Settled + waiting.GetValueOrDefault(a.Id);
            return new ServedAllocation(a.Id, a.OfferId, a.ServedModel, a.Buyer, a.QuotaTokens, reported, a.Settled, Math.Max(0, a.QuotaTokens - reported),
                a.InputPricePerMillion, a.OutputPricePerMillion, a.ChargedAmount, a.ExpiresAtUtc, a.Status);
        }).ToList();
    }
}
