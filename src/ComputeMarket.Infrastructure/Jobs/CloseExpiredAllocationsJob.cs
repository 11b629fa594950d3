using ComputeMarket.Application.Market;
using MediatR;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>
/// Every minute, closes expired allocations and expires ended offers. Safe to run twice at once: closing takes the
/// ledger lock, skips allocations already closed, and derives every transfer id from its allocation.
/// </summary>
public sealed class CloseExpiredAllocationsJob(IMediator mediator)
{
    public const string Name = "close-expired-allocations";

    public Task RunAsync(CancellationToken cancellationToken) => mediator.Send(new CloseExpiredAllocations(), cancellationToken);
}
