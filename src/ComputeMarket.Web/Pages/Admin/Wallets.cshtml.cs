using ComputeMarket.Application.Wallets;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Admin;

public sealed class WalletsModel(IMediator mediator) : PageModel, IFormPage
{
    public WalletQueues Data { get; private set; } = null!;

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public Task<IActionResult> OnPostTopUpAsync(Guid id, bool confirm, string? note, CancellationToken cancellationToken) =>
        DecideAsync(new DecideWalletRequest(WalletRequestKind.TopUp, id, confirm, note), confirm ? "Top-up confirmed; the wallet is credited." : "Top-up rejected.", cancellationToken);

    public Task<IActionResult> OnPostPayoutAsync(Guid id, bool approve, string? note, CancellationToken cancellationToken) =>
        DecideAsync(new DecideWalletRequest(WalletRequestKind.Payout, id, approve, note), approve ? "Payout approved; the hold is posted." : "Payout rejected; the hold is released.", cancellationToken);

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
