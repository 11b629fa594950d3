using ComputeMarket.Application.Ledger;
using MediatR;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>
/// Every minute, voids pending transfers past their timeout. Safe to run twice at once: each void's id is derived
/// from the hold it releases and the ledger resolves a pending transfer at most once.
/// </summary>
public sealed class VoidExpiredTransfersJob(IMediator mediator)
{
    public const string Name = "void-expired-transfers";

    public Task RunAsync(CancellationToken cancellationToken) => mediator.Send(new VoidExpiredTransfers(), cancellationToken);
}
