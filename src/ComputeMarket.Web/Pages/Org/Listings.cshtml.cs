using ComputeMarket.Application.Market;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Pages.Org;

/// <summary>A provider's listings with sold and remaining quota, and the allocations it must serve.</summary>
public sealed class ListingsModel(IMediator mediator, IStringLocalizer<ListingsModel> localizer) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    public OrganizationOverview Organization { get; private set; } = null!;

    public IReadOnlyList<ListingRow> Listings { get; private set; } = [];

    public IReadOnlyList<AllocationRow> ToServe { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostStatusAsync(Guid offerId, OfferAction action, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new ChangeOfferStatus(OrgId, offerId, action), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, prefix: "");
        }

        Notice = action switch
        {
            OfferAction.Publish => localizer["Listing published: it is in the catalog."],
            OfferAction.Pause => localizer["Listing paused: buyers cannot order it until you resume it."],
            OfferAction.Resume => localizer["Listing resumed: it is back in the catalog."],
            _ => localizer["Listing retired: it has left the catalog. Allocations already sold keep running."],
        };
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var organization = await mediator.Send(new GetOrganizationOverview(OrgId), cancellationToken);
        if (!organization.Succeeded)
        {
            return this.Failure(organization);
        }

        var listings = await mediator.Send(new GetMyListings(OrgId), cancellationToken);
        if (!listings.Succeeded)
        {
            return this.Failure(listings);
        }

        var toServe = await mediator.Send(new GetAllocations(OrgId, AsProvider: true, ActiveOnly: true), cancellationToken);
        Organization = organization.Value;
        Listings = listings.Value;
        ToServe = toServe.Succeeded ? toServe.Value : [];
        return null;
    }
}
