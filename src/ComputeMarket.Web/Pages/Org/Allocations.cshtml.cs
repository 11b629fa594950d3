using ComputeMarket.Application.Market;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Org;

/// <summary>A buyer's allocations; each opens on its own page, where it can be cancelled.</summary>
public sealed class AllocationsModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    public OrganizationOverview Organization { get; private set; } = null!;

    public IReadOnlyList<AllocationRow> Allocations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

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
