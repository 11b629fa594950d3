using ComputeMarket.Application.Organizations;
using MediatR;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages;

public sealed class DashboardModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<MyOrganization> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Organizations = await mediator.Send(new GetMyOrganizations(), cancellationToken);
}
