using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class AccountModel(IMediator mediator, IOptions<MoneyOptions> money) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public TransferCode? Code { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AccountStatement Data { get; private set; } = null!;

    private StatementFilter Filter => new(From, To, Code, PageNumber);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var statement = await mediator.Send(new GetAccountStatement(Id, Filter), cancellationToken);
        if (statement.Status == ResultStatus.Invalid)
        {
            this.ShowErrors(statement, prefix: "");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            statement = await mediator.Send(new GetAccountStatement(Id, new StatementFilter()), cancellationToken);
        }

        if (!statement.Succeeded)
        {
            return this.Failure(statement);
        }

        Data = statement.Value;
        return null;
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var statement = await mediator.Send(new GetAccountStatement(Id, Filter, All: true), cancellationToken);
        if (!statement.Succeeded)
        {
            return statement.Status == ResultStatus.Invalid ? BadRequest() : this.Failure(statement);
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"account-{Id}.csv\"";
        await Csv.WriteStatementAsync(Response.Body, statement.Value.Lines!, money.Value.Currency, cancellationToken);
        return new EmptyResult();
    }
}
