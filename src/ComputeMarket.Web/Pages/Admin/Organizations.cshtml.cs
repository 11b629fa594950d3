using ComputeMarket.Application.Organizations;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Pages.Admin;

public sealed class OrganizationsModel(IMediator mediator, IStringLocalizer<OrganizationsModel> localizer) : PageModel, IFormPage
{
    public IReadOnlyList<OrganizationAdminRow> Organizations { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostVerifyAsync(Guid id, bool verified, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new VerifyProvider(id, verified), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, prefix: "");
        }

        Notice = verified ? localizer["The organization is a verified provider and may list capacity."] : localizer["The organization may no longer list capacity."];
        return RedirectToPage();
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var organizations = await mediator.Send(new ListOrganizations(), cancellationToken);
        if (!organizations.Succeeded)
        {
            return this.Failure(organizations);
        }

        Organizations = organizations.Value;
        return null;
    }
}
