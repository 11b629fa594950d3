using ComputeMarket.Application.Auditing;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Wallets;

public enum WalletRequestKind
{
    TopUp,
    Payout,
}

/// <summary>
/// An administrator decides a wallet request. A top-up is confirmed (External → Wallet, with the top-up's id as the
/// transfer id) or rejected; a payout is approved (its hold is posted, Wallet → External) or rejected (the hold is
/// voided). Every transfer id derives from the request, and the decision and its transfer commit together, so two
/// administrators deciding at once move money once: the second is told it is already decided.
/// </summary>
public sealed record DecideWalletRequest(WalletRequestKind Kind, Guid RequestId, bool Accept, string? Note = null) : IRequest<Result>;

public sealed class DecideWalletRequestValidator : AbstractValidator<DecideWalletRequest>
{
    public DecideWalletRequestValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.Kind).IsInEnum().WithMessage(_ => localizer["Choose a top-up or a payout."]);
        RuleFor(r => r.Note).MaximumLength(500).WithMessage(_ => localizer["A note has at most 500 characters."]);
        When(r => !r.Accept, () => RuleFor(r => r.Note).Must(note => !string.IsNullOrWhiteSpace(note))
            .WithMessage(r => r.Kind == WalletRequestKind.TopUp
                ? localizer["Say why the top-up is rejected; the buyer sees it."]
                : localizer["Say why the payout is rejected; the provider sees it."]));
    }
}

internal sealed class DecideWalletRequestHandler(IAppDbContext db, IUnitOfWork unitOfWork, LedgerService ledger, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<DecideWalletRequest, Result>
{
    public async Task<Result> Handle(DecideWalletRequest request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result.Forbidden(localizer["Only an administrator can decide top-ups and payouts."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            await ledger.LockAsync(ct);
            WalletRequest? walletRequest = request.Kind == WalletRequestKind.TopUp
                ? await db.TopUps.SingleOrDefaultAsync(t => t.Id == request.RequestId, ct)
                : await db.Payouts.SingleOrDefaultAsync(p => p.Id == request.RequestId, ct);
            var topUp = request.Kind == WalletRequestKind.TopUp;
            if (walletRequest is null)
            {
                return Result.NotFound(topUp ? localizer["There is no such top-up."] : localizer["There is no such payout."]);
            }

            if (walletRequest.IsDecided)
            {
                var already = (topUp, walletRequest.StatusText) switch
                {
                    (true, "confirmed") => localizer["This top-up is already confirmed."],
                    (true, _) => localizer["This top-up is already rejected."],
                    (false, "approved") => localizer["This payout is already approved."],
                    _ => localizer["This payout is already rejected."],
                };
                return Result.Conflict(already);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var before = State(walletRequest);
            walletRequest.Decide(request.Accept, currentUser.UserId!, now, request.Accept ? null : request.Note!.Trim());
            if (await TransferFor(walletRequest, request.Accept, ct) is { } transfer)
            {
                var outcome = await ledger.PostAsync([transfer], ct);
                if (!outcome.Applied)
                {
                    return Result.Conflict(topUp ? localizer["The ledger refused the top-up: {0}.", outcome.Results[0]] : localizer["The ledger refused the payout: {0}.", outcome.Results[0]]);
                }
            }

            var action = (request.Kind, request.Accept) switch
            {
                (WalletRequestKind.TopUp, true) => "TopUp.Confirm",
                (WalletRequestKind.TopUp, false) => "TopUp.Reject",
                (_, true) => "Payout.Approve",
                _ => "Payout.Reject",
            };
            db.Record(now, currentUser.UserId!, action, Subject(walletRequest), before, State(walletRequest));
            return await unitOfWork.SaveAsync(ct)
                ? Result.Ok()
                : Result.Conflict(topUp ? localizer["Another administrator decided this top-up a moment ago."] : localizer["Another administrator decided this payout a moment ago."]);
        }, cancellationToken);
    }

    private async Task<TransferRequest?> TransferFor(WalletRequest walletRequest, bool accept, CancellationToken cancellationToken) =>
        (walletRequest, accept) switch
        {
            (TopUp topUp, true) => new TransferRequest(
                topUp.Id,
                PlatformAccounts.MoneyExternal,
                await db.AccountIdAsync(topUp.OrganizationId, Asset.Money, AccountCode.Wallet, cancellationToken),
                topUp.Amount,
                TransferCode.TopUp,
                Subject(topUp)),
            (Payout payout, true) => TransferRequest.Post(DeterministicId.For("payout-post", payout.Id), payout.HoldTransferId, payout.Amount, TransferCode.Payout, Subject(payout)),
            (Payout payout, false) => TransferRequest.Void(DeterministicId.For("payout-void", payout.Id), payout.HoldTransferId, TransferCode.Release, Subject(payout)),
            _ => null,
        };

    private static object State(WalletRequest walletRequest) => walletRequest switch
    {
        TopUp topUp => new { topUp.Status, topUp.Amount, topUp.OrganizationId, topUp.Note },
        Payout payout => new { payout.Status, payout.Amount, payout.OrganizationId, payout.Note },
        _ => throw new ArgumentOutOfRangeException(nameof(walletRequest)),
    };

    private static string Subject(WalletRequest walletRequest) => walletRequest switch
    {
        TopUp topUp => $"topup:{topUp.Reference}",
        _ => $"payout:{walletRequest.Id}",
    };
}
