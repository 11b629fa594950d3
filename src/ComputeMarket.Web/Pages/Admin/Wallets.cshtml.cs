using ComputeMarket.Application.Wallets;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Pages.Admin;

public sealed class WalletsModel(IMediator mediator, IOptions<PayeeOptions> payee, IStringLocalizer<WalletsModel> localizer) : PageModel, IFormPage
{
    public WalletQueues Data { get; private set; } = null!;

    /// <summary>The platform's account the top-ups are paid into, to compare with the bank's record.</summary>
    public PayeeOptions Payee => payee.Value;

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public Task<IActionResult> OnPostTopUpAsync(Guid id, bool confirm, string? note, CancellationToken cancellationToken) =>
        DecideAsync(new DecideWalletRequest(WalletRequestKind.TopUp, id, confirm, note), confirm ? localizer["Top-up confirmed; the wallet is credited."] : localizer["Top-up rejected."], cancellationToken);

    public Task<IActionResult> OnPostPayoutAsync(Guid id, bool approve, string? note, CancellationToken cancellationToken) =>
        DecideAsync(new DecideWalletRequest(WalletRequestKind.Payout, id, approve, note), approve ? localizer["Payout approved; the hold is posted."] : localizer["Payout rejected; the hold is released."], cancellationToken);

    private async Task<IActionResult> DecideAsync(DecideWalletRequest decision, string notice, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(decision, cancellationToken);
        if (!result.Succeeded)
        {
            return await LoadAsync(cancellationToken) ?? this.Failure(result, prefix: "");
        }

        Notice = notice;
        return RedirectToPage();
    }

    public async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var queues = await mediator.Send(new GetWalletQueues(), cancellationToken);
        if (!queues.Succeeded)
        {
            return this.Failure(queues);
        }

        Data = queues.Value;
        return null;
    }
}
