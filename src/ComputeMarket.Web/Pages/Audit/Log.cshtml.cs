using System.Globalization;
using System.Text;
using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class LogModel(IMediator mediator) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditLogPage Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var log = await mediator.Send(new GetAuditLog(PageNumber), cancellationToken);
        if (!log.Succeeded)
        {
            // The only invalid request is a page that does not exist.
            return log.Status == ResultStatus.Invalid ? NotFound() : this.Failure(log);
        }

        Data = log.Value;
        return null;
    }

    /// <summary>The whole log as CSV, with the before and after states as the JSON the entries keep.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var export = await mediator.Send(new ExportAuditLog(), cancellationToken);
        if (!export.Succeeded)
        {
            return this.Failure(export);
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteLineAsync("id,timestamp_utc,actor_user_id,actor_email,action,subject,before_json,after_json");
        await foreach (var row in export.Value.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(',',
                row.Id.ToString(CultureInfo.InvariantCulture),
                row.AtUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Csv.Field(row.ActorUserId),
                Csv.Field(row.ActorEmail ?? ""),
                Csv.Field(row.Action),
                Csv.Field(row.Subject),
                Csv.Field(row.Before ?? ""),
                Csv.Field(row.After ?? "")));
        }

        return new EmptyResult();
    }

    public string Link(int page) => Url.Page("/Audit/Log", new { p = page })!;
}
