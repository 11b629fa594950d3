using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>An administrator's "Settle now": queues a settlement run at once, recorded in the audit log with the backlog it found.</summary>
public sealed record RequestSettlement : IRequest<Result<long>>;

internal sealed class RequestSettlementHandler(IAppDbContext db, IUnitOfWork unitOfWork, ILedgerJobs jobs, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<RequestSettlement, Result<long>>
{
    public async Task<Result<long>> Handle(RequestSettlement request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result<long>.Forbidden(localizer["Only administrators run settlement by hand."]);
        }

        var waiting = await unitOfWork.ExecuteAsync(async ct =>
        {
            var count = await db.UsageEvents.LongCountAsync(e => e.SettlementBatchId == null, ct);
            db.Record(clock.GetUtcNow().UtcDateTime, currentUser.UserId!, "Settlement.RunNow", "settlement", null, new { WaitingEvents = count });
            await unitOfWork.SaveAsync(ct);
            return count;
        }, cancellationToken);

        // Queued after the audit entry committed: the run the entry announces is the one that follows it.
        jobs.SettleNow();
        return waiting;
    }
}
