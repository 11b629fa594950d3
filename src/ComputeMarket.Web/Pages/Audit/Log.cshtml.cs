using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class LogModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditLogPage Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var log = await mediator.Send(new GetAuditLog(PageNumber), cancellationToken);
        if (!log.Succeeded)
        {
            // The only invalid request is a page that does not exist.
            return log.Status == ResultStatus.Invalid ? NotFound() : this.Failure(log);
        }

        Data = log.Value;
        return null;
    }
}
