using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Operations;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Admin;

public sealed class JobsModel(IMediator mediator) : PageModel
{
    public JobsOverview Data { get; private set; } = null!;

    /// <summary>Right after "Settle now": how many events were waiting (invariant digits).</summary>
    [TempData]
    public string? SettlementQueued { get; set; }

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

    public async Task<IActionResult> OnPostSettleAsync(CancellationToken cancellationToken)
    {
        var queued = await mediator.Send(new RequestSettlement(), cancellationToken);
        if (!queued.Succeeded)
        {
            return this.Failure(queued);
        }

        SettlementQueued = queued.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RedirectToPage();
    }
}
