using ComputeMarket.Application.Operations;
using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Admin;

public sealed class JobsModel(IMediator mediator, TimeProvider clock) : PageModel
{
    public IReadOnlyList<JobHeartbeatRow> Heartbeats { get; private set; } = [];

    public DateTime NowUtc { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Heartbeats = await mediator.Send(new GetJobHeartbeats(), cancellationToken);
        NowUtc = clock.GetUtcNow().UtcDateTime;
    }
}
