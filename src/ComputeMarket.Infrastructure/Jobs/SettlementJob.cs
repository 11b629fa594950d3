using ComputeMarket.Application.Metering;
using MediatR;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>
/// Settles waiting usage (<c>Settlement:Cron</c>, every minute by default; "Settle now" on /admin/jobs queues one
/// more run). Safe on several servers at once: batches queue on the ledger lock and derive their ids from what they take.
/// </summary>
public sealed class SettlementJob(IMediator mediator)
{
    public const string Name = "settle-usage";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await mediator.Send(new SettleUsage(), cancellationToken);
        if (!run.Succeeded)
        {
            throw new InvalidOperationException($"Settlement did not run: {run.Message}");
        }
    }
}
