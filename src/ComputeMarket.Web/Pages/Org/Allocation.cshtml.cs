using System.Globalization;
using ComputeMarket.Application.Market;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Org;

public sealed class AllocationModel(IMediator mediator) : PageModel, IFormPage
{
    /// <summary>The platform's documented endpoint for a buyer's key (its usage of this allocation); offers carry no endpoint of their own.</summary>
    public const string KeyEndpointPath = "/api/v1/usage/summary";

    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>Present only right after the order: the key is stored as a hash and never shown again.</summary>
    [TempData]
    public string? AccessKey { get; set; }

    /// <summary>Right after cancelling here: what went back (fen, invariant digits), for the page to say in its language.</summary>
    [TempData]
    public string? Released { get; set; }

    public AllocationRow Data { get; private set; } = null!;

    public long? ReleasedAmount => long.TryParse(Released, NumberStyles.None, CultureInfo.InvariantCulture, out var released) ? released : null;

    public string KeyEndpoint => $"{Request.Scheme}://{Request.Host}{KeyEndpointPath}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (AccessKey is not null)
        {
            // The one response that carries the key must not be kept by the browser or a proxy.
            Response.Headers.CacheControl = "no-store";
        }

        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new CancelAllocation(OrgId, Id), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, prefix: "");
        }

        Released = result.Value.Released.ToString(CultureInfo.InvariantCulture);
        return RedirectToPage(new { OrgId, Id });
    }

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
