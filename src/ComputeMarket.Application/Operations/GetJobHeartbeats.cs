using ComputeMarket.Application.Common.Interfaces;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Operations;

public sealed record GetJobHeartbeats : IRequest<IReadOnlyList<JobHeartbeatRow>>;

public sealed record JobHeartbeatRow(string Name, DateTime LastRunAtUtc, long RunCount);

internal sealed class GetJobHeartbeatsHandler(IAppDbContext db) : IRequestHandler<GetJobHeartbeats, IReadOnlyList<JobHeartbeatRow>>
{
    public async Task<IReadOnlyList<JobHeartbeatRow>> Handle(GetJobHeartbeats request, CancellationToken cancellationToken) =>
        await db.JobHeartbeats
            .OrderBy(h => h.Name)
            .Select(h => new JobHeartbeatRow(h.Name, h.LastRunAtUtc, h.RunCount))
            .ToListAsync(cancellationToken);
}
