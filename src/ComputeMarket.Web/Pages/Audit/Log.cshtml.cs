using ComputeMarket.Application.Auditing;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class LogModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditLogPage Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var log = await mediator.Send(new GetAuditLog(PageNumber), cancellationToken);
        if (!log.Succeeded)
        {
            return this.Failure(log);
        }

        Data = log.Value;
        return Page();
    }
}
