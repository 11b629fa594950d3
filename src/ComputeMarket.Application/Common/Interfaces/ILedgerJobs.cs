namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>Ledger work that runs in the background, queued after the request that asked for it has committed.</summary>
public interface ILedgerJobs
{
    /// <summary>Queues the full verification recorded as run <paramref name="runId"/>.</summary>
    void VerifyFully(Guid runId);

    /// <summary>Queues a settlement run now, besides the recurring one.</summary>
    void SettleNow();
}
