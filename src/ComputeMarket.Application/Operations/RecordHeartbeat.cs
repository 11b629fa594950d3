using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Operations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Operations;

/// <summary>A recurring job reports that it ran, so administrators can see the scheduler is alive.</summary>
public sealed record RecordHeartbeat(string JobName) : IRequest<Result>;

internal sealed class RecordHeartbeatHandler(IAppDbContext db, IUnitOfWork unitOfWork, TimeProvider clock, IStringLocalizer<Messages> localizer) : IRequestHandler<RecordHeartbeat, Result>
{
    public Task<Result> Handle(RecordHeartbeat request, CancellationToken cancellationToken) =>
        unitOfWork.ExecuteAsync(async ct =>
        {
            var heartbeat = await db.JobHeartbeats.SingleOrDefaultAsync(h => h.Name == request.JobName, ct);
            if (heartbeat is null)
            {
                heartbeat = new JobHeartbeat(request.JobName);
                db.JobHeartbeats.Add(heartbeat);
            }

            heartbeat.Beat(clock.GetUtcNow().UtcDateTime);
            try
            {
                await unitOfWork.SaveAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two servers beat at the same instant and both inserted the first row: one beat is enough.
                return Result.Conflict(localizer["Another server recorded this heartbeat at the same time."]);
            }

            return Result.Ok();
        }, cancellationToken);
}
