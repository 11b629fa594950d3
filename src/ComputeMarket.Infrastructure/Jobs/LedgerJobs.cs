using ComputeMarket.Application.Common.Interfaces;
using Hangfire;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>Queues ledger work on Hangfire.</summary>
internal sealed class LedgerJobs(IBackgroundJobClient jobs) : ILedgerJobs
{
    public void VerifyFully(Guid runId) => jobs.Enqueue<FullVerificationJob>(job => job.RunAsync(runId, CancellationToken.None));

    public void SettleNow() => jobs.Enqueue<SettlementJob>(job => job.RunAsync(CancellationToken.None));
}
