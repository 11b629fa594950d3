using ComputeMarket.Application.Common.Results;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Application.Metering;

/// <summary>Settlement's schedule and batch size (section <c>Settlement</c>).</summary>
public sealed class SettlementOptions
{
    public const string Section = "Settlement";

    /// <summary>When the recurring job runs (Hangfire cron; every minute by default).</summary>
    public string Cron { get; set; } = "* * * * *";

    /// <summary>The most events one batch (one transaction) takes.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>The most batches one run settles before it lets the next run go on (a run stays short).</summary>
    public int MaxBatchesPerRun { get; set; } = 1_000;
}

/// <summary>What a settlement run did.</summary>
public sealed record SettlementRun(int Batches, int Events, long Charged, long Fees);

/// <summary>
/// Settles waiting usage, batch after batch, each batch its own unit of work (<see cref="UsageSettler.SettleNextBatchAsync"/>), until none
/// waits. Safe to run on several servers at once: batches queue on the ledger lock and each reads what is still
/// waiting once it holds it.
/// </summary>
/// <param name="BatchSize">Events per batch for this run; the configured size when null.</param>
public sealed record SettleUsage(int? BatchSize = null) : IRequest<Result<SettlementRun>>;

internal sealed class SettleUsageHandler(UsageSettler settler, IOptions<SettlementOptions> options, ILogger<SettleUsageHandler> logger)
    : IRequestHandler<SettleUsage, Result<SettlementRun>>
{
    public async Task<Result<SettlementRun>> Handle(SettleUsage request, CancellationToken cancellationToken)
    {
        var size = Math.Clamp(request.BatchSize ?? options.Value.BatchSize, 1, 100_000);
        var run = new SettlementRun(0, 0, 0, 0);
        for (var i = 0; i < Math.Max(1, options.Value.MaxBatchesPerRun); i++)
        {
            var batch = await settler.SettleNextBatchAsync(size, cancellationToken);
            if (batch is null)
            {
                break;
            }

            run = new SettlementRun(run.Batches + 1, run.Events + batch.EventCount, run.Charged + batch.ChargedAmount, run.Fees + batch.FeeAmount);
            logger.LogInformation("Settlement batch {BatchId}: {Events} events over {Allocations} allocations, {Charged} charged, {Fee} fee, {Duration} ms.",
                batch.Id, batch.EventCount, batch.AllocationCount, batch.ChargedAmount, batch.FeeAmount, batch.DurationMilliseconds);
        }

        return run;
    }
}
