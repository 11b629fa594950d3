using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Operations;

/// <summary>Every recurring job with its last run, duration, outcome and next run, and the heartbeats jobs recorded.</summary>
public sealed record GetJobsOverview : IRequest<Result<JobsOverview>>;

public sealed record JobsOverview(IReadOnlyList<RecurringJobStatus> Jobs, IReadOnlyList<JobHeartbeatRow> Heartbeats, long FailedJobs, DateTime NowUtc)
{
    /// <summary>Usage events waiting for settlement, and when the oldest of them arrived.</summary>
    public SettlementBacklog Settlement { get; init; } = new(0, null, null);
}

/// <summary>What settlement has still to do, and its latest batch.</summary>
public sealed record SettlementBacklog(long WaitingEvents, DateTime? OldestWaitingSinceUtc, DateTime? LastBatchAtUtc);

internal sealed class GetJobsOverviewHandler(IAppDbContext db, IJobMonitor monitor, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<GetJobsOverview, Result<JobsOverview>>
{
    public async Task<Result<JobsOverview>> Handle(GetJobsOverview request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result<JobsOverview>.Forbidden();
        }

        var heartbeats = await db.JobHeartbeats
            .OrderBy(h => h.Name)
            .Select(h => new JobHeartbeatRow(h.Name, h.LastRunAtUtc, h.RunCount))
            .ToListAsync(cancellationToken);
        var waiting = db.UsageEvents.Where(e => e.SettlementBatchId == null);
        var backlog = new SettlementBacklog(
            await waiting.LongCountAsync(cancellationToken),
            await waiting.OrderBy(e => e.Sequence).Select(e => (DateTime?)e.ReceivedAtUtc).FirstOrDefaultAsync(cancellationToken),
            await db.SettlementBatches.OrderByDescending(b => b.StartedAtUtc).Select(b => (DateTime?)b.StartedAtUtc).FirstOrDefaultAsync(cancellationToken));
        return new JobsOverview(monitor.RecurringJobs(), heartbeats, monitor.FailedJobCount(), clock.GetUtcNow().UtcDateTime) { Settlement = backlog };
    }
}

public sealed record JobHeartbeatRow(string Name, DateTime LastRunAtUtc, long RunCount);
