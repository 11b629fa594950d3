using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Ledger;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// Voids pending transfers whose timeout has passed, releasing what they held. Each void's id is derived from the
/// pending transfer it resolves, and a pending transfer resolves at most once, so running this twice (or on two
/// servers at once) voids each expired hold exactly once.
/// </summary>
public sealed record VoidExpiredTransfers(int BatchSize = 500) : IRequest<Result<int>>;

internal sealed class VoidExpiredTransfersHandler(IAppDbContext db, LedgerService ledger, TimeProvider clock) : IRequestHandler<VoidExpiredTransfers, Result<int>>
{
    public async Task<Result<int>> Handle(VoidExpiredTransfers request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var voided = 0;
        while (true)
        {
            var expired = await db.Transfers.AsNoTracking()
                .Where(t => t.Flags == TransferFlags.Pending && t.ExpiresAtUtc != null && t.ExpiresAtUtc <= now)
                .Where(t => !db.Transfers.Any(r => r.PendingId == t.Id))
                .OrderBy(t => t.Sequence)
                .Select(t => new { t.Id, t.Reference })
                .Take(request.BatchSize)
                .ToListAsync(cancellationToken);
            if (expired.Count == 0)
            {
                return voided;
            }

            var outcome = await ledger.PostAsync(
                expired.Select(t => TransferRequest.Void(DeterministicId.For("expiry-void", t.Id), t.Id, TransferCode.Expiry, t.Reference)).ToList(),
                cancellationToken);
            if (!outcome.Applied)
            {
                // Another server resolved one of them between our query and our lock: try again with a fresh query.
                continue;
            }

            voided += outcome.Results.Count(r => r == TransferResult.Ok);
        }
    }
}
