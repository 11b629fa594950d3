using ComputeMarket.Application.Operations;
using MediatR;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>
/// Proves that the scheduler runs: every minute it records the time on the admin Jobs page. Safe to run
/// twice at once: both runs only move the same row's timestamp forward, and a lost insert race is ignored.
/// </summary>
public sealed class HeartbeatJob(IMediator mediator)
{
    public const string Name = "heartbeat";

    public Task RunAsync(CancellationToken cancellationToken) => mediator.Send(new RecordHeartbeat(Name), cancellationToken);
}
