using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Market;
using ComputeMarket.Domain.Market;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Pages.Org;

/// <summary>Create or edit a listing (verified providers only).</summary>
public sealed class ListingModel(IMediator mediator, TimeProvider clock, DisplayZone zone, IStringLocalizer<ListingModel> localizer) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? OfferId { get; set; }

    [BindProperty]
    public OfferForm Form { get; set; } = new();

    [BindProperty]
    public bool Publish { get; set; } = true;

    [BindProperty]
    public PackageInput Package { get; set; } = new();

    public IReadOnlyList<PackageRow> Packages { get; private set; } = [];

    public IReadOnlyList<GpuModel> GpuModels => Catalog.GpuModels;

    public IReadOnlyList<string> Regions => Catalog.Regions;

    /// <summary>The zone the window's times are entered in ("UTC+8"): the form shows and takes wall-clock times of the display zone.</summary>
    public string ZoneLabel => zone.OffsetLabel(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (OfferId is null)
        {
            var today = zone.ToLocal(clock.GetUtcNow().UtcDateTime).Date;
            Form = new OfferForm { AvailableFromUtc = today, AvailableUntilUtc = today.AddDays(30), TotalQuotaTokens = 1_000_000_000, ThroughputTokensPerSecond = 5_000, InputPrice = "2.00", OutputPrice = "8.00" };
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    /// <summary>An existing listing's stored form and packages; for a new one, only that the provider may list.</summary>
    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (OfferId is { } id)
        {
            var form = await mediator.Send(new GetListingForm(OrgId, id), cancellationToken);
            if (!form.Succeeded)
            {
                return this.Failure(form);
            }

            Form = form.Value;
            Form.AvailableFromUtc = zone.ToLocal(Form.AvailableFromUtc);
            Form.AvailableUntilUtc = zone.ToLocal(Form.AvailableUntilUtc);
            await LoadPackagesAsync(id, cancellationToken);
            return null;
        }

        var listings = await mediator.Send(new GetMyListings(OrgId), cancellationToken);
        return listings.Succeeded ? null : this.Failure(listings);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The window arrives as wall-clock times of the display zone; the offer stores UTC.
        Form.AvailableFromUtc = ToUtc(Form.AvailableFromUtc);
        Form.AvailableUntilUtc = ToUtc(Form.AvailableUntilUtc);
        var result = await mediator.Send(new SaveOffer(OrgId, OfferId, Form, Publish), cancellationToken);
        if (!result.Succeeded)
        {
            return this.Failure(result, prefix: "");
        }

        TempData["Notice"] = OfferId is null ? localizer["Your capacity is listed."].Value : localizer["Your listing is saved. New prices apply to new orders only."].Value;
        return Redirect($"/org/{OrgId}/listings");
    }

    public async Task<IActionResult> OnPostPackageAsync(CancellationToken cancellationToken)
    {
        // Packages belong to a listing that exists: the form for a new one has none.
        if (OfferId is not { } offerId)
        {
            return NotFound();
        }

        var result = await mediator.Send(new DefinePackage(OrgId, offerId, Package.Name, Package.Tokens, Package.Price, Package.ValidityDays, Package.ExpiryRule), cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.Remove("Form");
            return await LoadAsync(cancellationToken) ?? this.Failure(result, nameof(Package));
        }

        return Redirect($"/org/{OrgId}/listings/{OfferId}/edit");
    }

    public async Task<IActionResult> OnPostWithdrawPackageAsync(Guid packageId, CancellationToken cancellationToken)
    {
        if (OfferId is null)
        {
            return NotFound();
        }

        var result = await mediator.Send(new WithdrawPackage(OrgId, packageId), cancellationToken);
        return result.Succeeded ? Redirect($"/org/{OrgId}/listings/{OfferId}/edit") : this.Failure(result, prefix: "");
    }

    private DateTime ToUtc(DateTime local)
    {
        // Times at the ends of the calendar have no UTC counterpart; the validator refuses them as they are.
        if (local < DateTime.MinValue.AddDays(1) || local > DateTime.MaxValue.AddDays(-1))
        {
            return local;
        }

        var wallClock = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A time skipped by a clock change is read as the first minute that exists.
        while (zone.Zone.IsInvalidTime(wallClock))
        {
            wallClock = wallClock.AddMinutes(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(wallClock, zone.Zone);
    }

    private async Task LoadPackagesAsync(Guid offerId, CancellationToken cancellationToken)
    {
        var packages = await mediator.Send(new GetListingPackages(OrgId, offerId), cancellationToken);
        Packages = packages.Succeeded ? packages.Value : [];
    }

    public sealed class PackageInput
    {
        public string Name { get; set; } = "10M tokens, 30 days";

        public long Tokens { get; set; } = 10_000_000;

        public string Price { get; set; } = "39.90";

        public int ValidityDays { get; set; } = 30;

        public PackageExpiryRule ExpiryRule { get; set; } = PackageExpiryRule.Refund;
    }
}
