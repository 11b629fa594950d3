using ComputeMarket.Application.Market;
using ComputeMarket.Web.Forms;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Market;

/// <summary>The public catalog. Every filter lives in the query string, so links are shareable and Back works.</summary>
public sealed class IndexModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public string? Gpu { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Model { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? MaxPrice { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? MinThroughput { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? MinTokens { get; set; }

    [BindProperty(SupportsGet = true)]
    public CatalogSort Sort { get; set; } = CatalogSort.Price;

    /// <summary>Ascending or descending; when absent, the sort's natural direction (cheapest, fastest, most reliable first).</summary>
    [BindProperty(SupportsGet = true)]
    public SortDirection? Dir { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public CatalogPage Results { get; private set; } = new([], 1, 20, 0);

    public SortDirection Direction => Dir ?? SearchCatalog.NaturalDirection(Sort);

    public CatalogFacets Facets { get; private set; } = new([], [], []);

    public string? FilterError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Facets = await mediator.Send(new GetCatalogFacets(), cancellationToken);
        if (!ModelState.IsValid)
        {
            // A filter that could not be read is not applied: the catalog is shown unfiltered, with the message.
            Results = await mediator.Send(new SearchCatalog(), cancellationToken);
            // The field messages, not the form-wide summary (kept under the empty key, in whatever language).
            FilterError = string.Join(" ", ModelState.Where(entry => entry.Key.Length > 0).SelectMany(entry => entry.Value!.Errors).Select(e => e.ErrorMessage).Distinct());
            return null;
        }

        try
        {
            Results = await mediator.Send(new SearchCatalog(Gpu, Region, Model, MaxPrice, MinThroughput, MinTokens, Sort, Math.Max(1, PageNumber), Direction: Dir), cancellationToken);
        }
        catch (FluentValidation.ValidationException exception)
        {
            FilterError = string.Join(" ", exception.Errors.Select(e => e.ErrorMessage).Distinct());
        }

        return null;
    }

    public string Link(int page) => Url.Page("/Market/Index", new { gpu = Gpu, region = Region, model = Model, maxPrice = MaxPrice, minThroughput = MinThroughput, minTokens = MinTokens, sort = Sort, dir = Dir, p = page })!;
}
