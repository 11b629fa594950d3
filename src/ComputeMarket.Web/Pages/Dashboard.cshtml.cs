using ComputeMarket.Application.Organizations;
using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages;

public sealed class DashboardModel(IMediator mediator) : PageModel
{
    public Dashboard Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Data = await mediator.Send(new GetDashboard(), cancellationToken);
}
