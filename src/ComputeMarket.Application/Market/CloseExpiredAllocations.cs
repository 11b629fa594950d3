using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Market;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace ComputeMarket.Application.Market;

/// <summary>
/// Closes allocations whose expiry has passed (posting what was consumed and releasing or refunding the rest) and
/// marks offers whose window has ended as expired. Safe to run twice at once: a closed allocation is skipped, and
/// every closing transfer's id derives from its allocation.
/// </summary>
public sealed record CloseExpiredAllocations(int BatchSize = 200) : IRequest<Result<int>>;

internal sealed class CloseExpiredAllocationsHandler(IAppDbContext db, IUnitOfWork unitOfWork, AllocationCloser closer, TimeProvider clock, ILogger<CloseExpiredAllocationsHandler> logger, IStringLocalizer<Messages> localizer) : IRequestHandler<CloseExpiredAllocations, Result<int>>
{
    public async Task<Result<int>> Handle(CloseExpiredAllocations request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.Allocations.AsNoTracking()
            .Where(a => a.Status == AllocationStatus.Active && a.ExpiresAtUtc <= now)
            .OrderBy(a => a.ExpiresAtUtc)
            .Select(a => a.Id)
            .Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        var closed = 0;
        foreach (var id in expired)
        {
            // Each allocation closes in its own unit of work; one that another server closed first is a Conflict, not an
            // error. Whatever the ledger refuses is logged and left for the next run: each run visits a batch once.
            var closing = await closer.CloseAsync(id, null, AllocationCloseReason.Expired, cancellationToken);
            if (closing.Succeeded)
            {
                closed++;
            }
            else if (closing.Message != localizer[AllocationCloser.AlreadyClosed])
            {
                logger.LogError("Expired allocation {AllocationId} could not be closed: {Reason}", id, closing.Message);
            }
        }

        await unitOfWork.ExecuteAsync(async ct =>
        {
            var endedOffers = await db.Offers
                .Where(o => o.AvailableUntilUtc <= now && o.Status != OfferStatus.Expired && o.Status != OfferStatus.Retired)
                .Take(request.BatchSize)
                .ToListAsync(ct);
            foreach (var offer in endedOffers)
            {
                offer.Expire(now);
            }

            // False when another server expired them, or a buyer ordered, meanwhile: the next run picks up what is left.
            return await unitOfWork.SaveAsync(ct);
        }, cancellationToken);

        return closed;
    }
}
