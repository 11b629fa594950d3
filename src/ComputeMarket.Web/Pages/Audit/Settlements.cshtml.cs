using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Metering;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class SettlementsModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public SettlementBatchesPage Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var batches = await mediator.Send(new GetSettlementBatches(From, To, PageNumber), cancellationToken);
        if (batches.Status == ResultStatus.Invalid)
        {
            // A range that cannot be read is said at its field, over the unfiltered list.
            this.ShowErrors(batches, prefix: "");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            batches = await mediator.Send(new GetSettlementBatches(), cancellationToken);
        }

        if (!batches.Succeeded)
        {
            return this.Failure(batches);
        }

        Data = batches.Value;
        return null;
    }

    public string Link(int page) => Url.Page("/Audit/Settlements", new { from = From?.ToString("yyyy-MM-dd"), to = To?.ToString("yyyy-MM-dd"), p = page })!;
}
