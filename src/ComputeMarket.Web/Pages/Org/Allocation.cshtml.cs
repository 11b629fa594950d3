using ComputeMarket.Application.Market;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Org;

public sealed class AllocationModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>Present only right after the order: the key is stored as a hash and never shown again.</summary>
    [TempData]
    public string? AccessKey { get; set; }

    public AllocationRow Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var allocation = await mediator.Send(new GetAllocation(OrgId, Id), cancellationToken);
        if (!allocation.Succeeded)
        {
            return this.Failure(allocation);
        }

        Data = allocation.Value;
        return null;
    }
}
