using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class LedgerModel(IMediator mediator, IStringLocalizer<LedgerModel> localizer) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [TempData]
    public string? Notice { get; set; }

    public LedgerOverview Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var overview = await mediator.Send(new GetLedgerOverview(PageNumber), cancellationToken);
        if (!overview.Succeeded)
        {
            // The only invalid request is a page that does not exist.
            return overview.Status == ResultStatus.Invalid ? NotFound() : this.Failure(overview);
        }

        Data = overview.Value;
        return null;
    }

    /// <summary>An auditor asks for a verification of every transfer from the first; it runs in the background.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        var requested = await mediator.Send(new RequestFullVerification(), cancellationToken);
        if (!requested.Succeeded)
        {
            return this.Failure(requested);
        }

        Notice = localizer["A full verification from the first transfer is running; its result appears here when it ends."];
        return RedirectToPage();
    }

    public string Link(int page) => Url.Page("/Audit/Ledger", new { p = page })!;
}
