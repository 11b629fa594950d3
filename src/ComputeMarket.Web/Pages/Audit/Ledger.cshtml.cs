using ComputeMarket.Application.Ledger;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class LedgerModel(IMediator mediator) : PageModel
{
    public LedgerOverview Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var overview = await mediator.Send(new GetLedgerOverview(), cancellationToken);
        if (!overview.Succeeded)
        {
            return this.Failure(overview);
        }

        Data = overview.Value;
        return Page();
    }
}
