using ComputeMarket.Application.Operations;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Admin;

public sealed class JobsModel(IMediator mediator) : PageModel
{
    public JobsOverview Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var overview = await mediator.Send(new GetJobsOverview(), cancellationToken);
        if (!overview.Succeeded)
        {
            return this.Failure(overview);
        }

        Data = overview.Value;
        return Page();
    }
}
