using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Ledger;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// Voids pending transfers whose timeout has passed, releasing what they held. The expired holds are read under the
/// ledger lock, so no other server can resolve them in between; each void's id is derived from the hold it releases
/// and a hold resolves at most once, so running this twice (or on two servers at once) voids each hold exactly once.
/// A void the ledger refuses (it should never happen) is logged and skipped, and after <see cref="MaxRefusals"/>
/// refusals the run stops rather than try forever.
/// </summary>
public sealed record VoidExpiredTransfers(int BatchSize = 500, int MaxRefusals = 20) : IRequest<Result<int>>;

internal sealed class VoidExpiredTransfersHandler(IAppDbContext db, IUnitOfWork unitOfWork, LedgerService ledger, TimeProvider clock, ILogger<VoidExpiredTransfersHandler> logger)
    : IRequestHandler<VoidExpiredTransfers, Result<int>>
{
    public async Task<Result<int>> Handle(VoidExpiredTransfers request, CancellationToken cancellationToken)
    {
        var skipped = new HashSet<Guid>();
        var voided = 0;
        while (skipped.Count < request.MaxRefusals)
        {
            var batch = await unitOfWork.ExecuteAsync(ct => VoidBatchAsync(request, skipped, ct), cancellationToken);
            voided += batch.Voided;
            if (batch.Done)
            {
                return voided;
            }
        }

        logger.LogError("Voiding expired holds stopped after {Refusals} refusals; {Voided} holds were voided in this run.", skipped.Count, voided);
        return voided;
    }

    private async Task<(int Voided, bool Done)> VoidBatchAsync(VoidExpiredTransfers request, HashSet<Guid> skipped, CancellationToken cancellationToken)
    {
        await ledger.LockAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.Transfers.AsNoTracking()
            .Where(t => t.Flags == TransferFlags.Pending && t.ExpiresAtUtc != null && t.ExpiresAtUtc <= now)
            .Where(t => !db.Transfers.Any(r => r.PendingId == t.Id))
            .Where(t => !skipped.Contains(t.Id))
            .OrderBy(t => t.Sequence)
            .Select(t => new { t.Id, t.Reference })
            .Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        if (expired.Count == 0)
        {
            return (0, true);
        }

        var voids = expired.Select(t => TransferRequest.Void(DeterministicId.For("expiry-void", t.Id), t.Id, TransferCode.Expiry, t.Reference)).ToList();
        var outcome = await ledger.PostAsync(voids, cancellationToken);
        if (!outcome.Applied)
        {
            // The batch applies whole or not at all: set the refused holds aside and let the next batch void the rest.
            for (var i = 0; i < voids.Count; i++)
            {
                if (outcome.Results[i] is not (TransferResult.Ok or TransferResult.Exists or TransferResult.LinkedTransferFailed))
                {
                    logger.LogError("The ledger refused to void expired hold {PendingId}: {Result}. It is skipped.", voids[i].PendingId, outcome.Results[i]);
                    skipped.Add(voids[i].PendingId!.Value);
                }
            }

            return (0, false);
        }

        if (!await unitOfWork.SaveAsync(cancellationToken))
        {
            logger.LogWarning("Voiding expired holds met a concurrent change; the next run continues.");
            return (0, true);
        }

        return (outcome.Results.Count(r => r == TransferResult.Ok), expired.Count < request.BatchSize);
    }
}
