using ComputeMarket.Application.Metering;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Admin;

public sealed class FeesModel(IMediator mediator) : PageModel, IFormPage
{
    public FeeRates Data { get; private set; } = null!;

    /// <summary>The new rate, as a percentage ("5", "4.75").</summary>
    [BindProperty]
    public string? Percent { get; set; }

    [TempData]
    public string? Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new SetFeeRate(Percent), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, prefix: "");
        }

        Saved = FeePercent(result.Value);
        return RedirectToPage();
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var rates = await mediator.Send(new GetFeeRates(), cancellationToken);
        if (!rates.Succeeded)
        {
            return this.Failure(rates);
        }

        Data = rates.Value;
        return null;
    }

    /// <summary>Basis points as a percentage people read: 500 → "5", 475 → "4.75".</summary>
    public static string FeePercent(int basisPoints) => (basisPoints / 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
