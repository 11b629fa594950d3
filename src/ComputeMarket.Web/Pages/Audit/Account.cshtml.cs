using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Pages.Audit;

public sealed class AccountModel(IMediator mediator, IOptions<MoneyOptions> money) : PageModel
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

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var statement = await mediator.Send(new GetAccountStatement(Id, Filter), cancellationToken);
        if (!statement.Succeeded)
        {
            return this.Failure(statement);
        }

        Data = statement.Value;
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var statement = await mediator.Send(new GetAccountStatement(Id, Filter, All: true), cancellationToken);
        if (!statement.Succeeded)
        {
            return this.Failure(statement);
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"account-{Id}.csv\"";
        await Csv.WriteStatementAsync(Response.Body, statement.Value.Lines!, money.Value.Currency, cancellationToken);
        return new EmptyResult();
    }
}
