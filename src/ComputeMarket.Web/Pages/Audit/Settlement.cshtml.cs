using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Metering;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class SettlementModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid BatchId { get; set; }

    /// <summary>The line shown alone, with every event.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Allocation { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public SettlementBatchDetail Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var batch = await mediator.Send(new GetSettlementBatch(BatchId, Allocation, PageNumber), cancellationToken);
        if (!batch.Succeeded)
        {
            // The only invalid request is a page that does not exist.
            return batch.Status == ResultStatus.Invalid ? NotFound() : this.Failure(batch);
        }

        Data = batch.Value;
        return null;
    }

    public string Link(int page) => Url.Page("/Audit/Settlement", new { batchId = BatchId, allocation = Allocation, p = page })!;

    public string LineLink(Guid allocation) => Url.Page("/Audit/Settlement", new { batchId = BatchId, allocation })!;
}
