using ComputeMarket.Application.Market;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Org;

public sealed class AllocationsModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    public OrganizationOverview Organization { get; private set; } = null!;

    public IReadOnlyList<AllocationRow> Allocations { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostCancelAsync(Guid allocationId, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new CancelAllocation(OrgId, allocationId), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, prefix: "");
        }

        Notice = "The allocation is closed. What was not used is released back to your wallet.";
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var organization = await mediator.Send(new GetOrganizationOverview(OrgId), cancellationToken);
        if (!organization.Succeeded)
        {
            return this.Failure(organization);
        }

        var allocations = await mediator.Send(new GetAllocations(OrgId), cancellationToken);
        if (!allocations.Succeeded)
        {
            return this.Failure(allocations);
        }

        Organization = organization.Value;
        Allocations = allocations.Value;
        return null;
    }
}
