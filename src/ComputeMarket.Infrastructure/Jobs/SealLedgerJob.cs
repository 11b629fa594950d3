using ComputeMarket.Application.Ledger;
using MediatR;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>
/// Every five minutes, verifies what the ledger appended since its latest checkpoint and seals a new signed checkpoint
/// at the head, so that the audit page and the reconciliation only ever verify the last few minutes. Safe to run twice
/// at once: both seal the same head and the checkpoint's key lets only one insert through.
/// </summary>
public sealed class SealLedgerJob(IMediator mediator)
{
    public const string Name = "seal-ledger-checkpoint";

    public Task RunAsync(CancellationToken cancellationToken) => mediator.Send(new SealLedgerCheckpoint(), cancellationToken);
}

/// <summary>
/// Runs a full verification an auditor asked for. Safe to run twice: the second finds the run already recorded (and,
/// racing, loses on the run's concurrency token).
/// </summary>
public sealed class FullVerificationJob(IMediator mediator)
{
    public Task RunAsync(Guid runId, CancellationToken cancellationToken) => mediator.Send(new RunFullVerification(runId), cancellationToken);
}
