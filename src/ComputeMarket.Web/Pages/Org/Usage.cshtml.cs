using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Metering;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Pages.Org;

/// <summary>An organization's settled usage per day, allocation and model: bought, or for a verified provider served.</summary>
public sealed class UsageModel(IMediator mediator, IOptions<MoneyOptions> money) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>Bought or served; none chosen, a verified provider sees what it served.</summary>
    [BindProperty(SupportsGet = true)]
    public UsageSide? Side { get; set; }

    /// <summary>Which table the export writes.</summary>
    [BindProperty(SupportsGet = true)]
    public UsageGrouping By { get; set; } = UsageGrouping.Day;

    public OrganizationUsage Data { get; private set; } = null!;

    public string Currency => money.Value.Currency;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var usage = await mediator.Send(new GetOrganizationUsage(OrgId, Side, From, To), cancellationToken);
        if (!usage.Succeeded)
        {
            return usage.Status == ResultStatus.Invalid ? BadRequest() : this.Failure(usage);
        }

        var data = usage.Value;
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"usage-{data.Side}-{By}-{data.From:yyyyMMdd}-{data.To:yyyyMMdd}.csv\"".ToLowerInvariant();
        await UsageCsv.WriteAsync(Response.Body, data, By, Currency, cancellationToken);
        return new EmptyResult();
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var usage = await mediator.Send(new GetOrganizationUsage(OrgId, Side, From, To), cancellationToken);
        if (usage.Status == ResultStatus.Invalid)
        {
            // A range that cannot be shown is named at its field; the page shows the default range instead.
            this.ShowErrors(usage, prefix: "");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            usage = await mediator.Send(new GetOrganizationUsage(OrgId, Side is { } side && Enum.IsDefined(side) ? side : null, null, null), cancellationToken);
        }

        if (!usage.Succeeded)
        {
            return this.Failure(usage);
        }

        Data = usage.Value;
        return null;
    }
}
