using ComputeMarket.Application.Metering;
using Hangfire;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>Every recurring job and its schedule, registered once at start-up (idempotent across instances).</summary>
public static class RecurringJobs
{
    public static void Register(IRecurringJobManager manager, SettlementOptions settlement)
    {
        manager.AddOrUpdate<SettlementJob>(SettlementJob.Name, job => job.RunAsync(CancellationToken.None), settlement.Cron);
        manager.AddOrUpdate<HeartbeatJob>(HeartbeatJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<CloseExpiredAllocationsJob>(CloseExpiredAllocationsJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<OptimizeDatabaseJob>(OptimizeDatabaseJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
        manager.AddOrUpdate<VoidExpiredTransfersJob>(VoidExpiredTransfersJob.Name, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        manager.AddOrUpdate<SealLedgerJob>(SealLedgerJob.Name, job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
    }
}
