using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Pages.Org;

public sealed class WalletModel(IMediator mediator, IOptions<MoneyOptions> money, IOptions<PayeeOptions> payee, IStringLocalizer<WalletModel> localizer) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public Guid OrgId { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public TransferCode? Code { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>Which account the statement is for: the CNY wallet unless another is chosen.</summary>
    [BindProperty(SupportsGet = true)]
    public Asset Asset { get; set; } = Asset.Money;

    [BindProperty(SupportsGet = true)]
    public AccountCode Account { get; set; } = AccountCode.Wallet;

    [BindProperty]
    public TopUpInput TopUp { get; set; } = new();

    [BindProperty]
    public PayoutInput Payout { get; set; } = new();

    [BindProperty]
    public ControlsInput Controls { get; set; } = new();

    [TempData]
    public string? Notice { get; set; }

    public Application.Market.SpendingStatus? Spending { get; private set; }

    public WalletView Data { get; private set; } = null!;

    public WalletStatement Statement { get; private set; } = null!;

    public string Currency => money.Value.Currency;

    public PayeeOptions Payee => payee.Value;

    /// <summary>The top-up just requested, shown with the payee's details to copy into a bank transfer.</summary>
    [TempData]
    public string? RequestedTopUp { get; set; }

    private StatementFilter Filter => new(From, To, Code, PageNumber);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var statement = await mediator.Send(new GetStatement(OrgId, Filter, Asset, Account, All: true), cancellationToken);
        if (!statement.Succeeded)
        {
            return statement.Status == ResultStatus.Invalid ? BadRequest() : this.Failure(statement);
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"statement-{OrgId:N}-{Asset}-{Account}.csv\"".ToLowerInvariant();
        await WalletCsv.WriteAsync(Response.Body, statement.Value, Currency, cancellationToken);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostTopUpAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new RequestTopUp(OrgId, TopUp.Amount), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, nameof(TopUp));
        }

        RequestedTopUp = result.Value.Reference;
        Notice = localizer["Top-up {0} requested. Pay it by bank transfer with the details below; your wallet is credited when an administrator confirms the payment.", result.Value.Reference];
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult> OnPostPayoutAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new RequestPayout(OrgId, Payout.Amount, Payout.BankAccount), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, nameof(Payout));
        }

        Notice = localizer["Your payout is requested. The amount is held in your wallet until an administrator approves it."];
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult> OnPostControlsAsync(CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new Application.Market.SetSpendingControls(OrgId, Controls.MonthlyLimit, Controls.LowBalanceThreshold), cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, nameof(Controls));
        }

        Notice = localizer["Spending controls saved."];
        return RedirectToPage(new { OrgId });
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var wallet = await mediator.Send(new GetWallet(OrgId), cancellationToken);
        if (!wallet.Succeeded)
        {
            return this.Failure(wallet);
        }

        var statement = await mediator.Send(new GetStatement(OrgId, Filter, Asset, Account), cancellationToken);
        if (statement.Status == ResultStatus.Invalid)
        {
            // A filter that cannot be applied is named at its field; the statement is shown without it.
            this.ShowErrors(statement, prefix: "");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            statement = await mediator.Send(new GetStatement(OrgId, new StatementFilter()), cancellationToken);
        }
        else if (statement.Status == ResultStatus.NotFound && (Asset, Account) != (Asset.Money, AccountCode.Wallet))
        {
            return NotFound();
        }

        if (!statement.Succeeded)
        {
            return this.Failure(statement);
        }

        Data = wallet.Value;
        Statement = statement.Value;
        var spending = await mediator.Send(new Application.Market.GetSpendingStatus(OrgId), cancellationToken);
        Spending = spending.Succeeded ? spending.Value : null;
        if (Spending is not null && !Request.HasFormContentType)
        {
            Controls.MonthlyLimit = Spending.MonthlyLimit is { } limit ? MoneyText.Plain(limit, Currency) : "";
            Controls.LowBalanceThreshold = Spending.LowBalanceThreshold is { } threshold ? MoneyText.Plain(threshold, Currency) : "";
        }
        return null;
    }

    public sealed class TopUpInput
    {
        public string Amount { get; set; } = "";
    }

    public sealed class ControlsInput
    {
        public string? MonthlyLimit { get; set; }

        public string? LowBalanceThreshold { get; set; }
    }

    public sealed class PayoutInput
    {
        public string Amount { get; set; } = "";

        public string BankAccount { get; set; } = "";
    }
}
