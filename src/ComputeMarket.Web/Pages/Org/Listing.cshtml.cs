using ComputeMarket.Application.Market;
using ComputeMarket.Domain.Market;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Org;

/// <summary>Create or edit a listing (verified providers only).</summary>
public sealed class ListingModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? OfferId { get; set; }

    [BindProperty]
    public OfferForm Form { get; set; } = new();

    [BindProperty]
    public bool Publish { get; set; } = true;

    public IReadOnlyList<GpuModel> GpuModels => Catalog.GpuModels;

    public IReadOnlyList<string> Regions => Catalog.Regions;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (OfferId is { } id)
        {
            var form = await mediator.Send(new GetListingForm(OrgId, id), cancellationToken);
            if (!form.Succeeded)
            {
                return this.Failure(form);
            }

            Form = form.Value;
            return Page();
        }

        var listings = await mediator.Send(new GetMyListings(OrgId), cancellationToken);
        if (!listings.Succeeded)
        {
            return this.Failure(listings);
        }

        var today = clock.GetUtcNow().UtcDateTime.Date;
        Form = new OfferForm { AvailableFromUtc = today, AvailableUntilUtc = today.AddDays(30), TotalQuotaTokens = 1_000_000_000, ThroughputTokensPerSecond = 5_000, InputPrice = "2.00", OutputPrice = "8.00" };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new SaveOffer(OrgId, OfferId, Form, Publish), cancellationToken);
        if (!result.Succeeded)
        {
            return this.Failure(result, prefix: "");
        }

        TempData["Notice"] = OfferId is null ? "Your capacity is listed." : "Your listing is saved. New prices apply to new orders only.";
        return Redirect($"/org/{OrgId}/listings");
    }
}
