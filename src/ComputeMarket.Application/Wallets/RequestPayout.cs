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

/// <summary>
/// An owner of a verified provider asks to be paid out. The amount is held at once (a pending Wallet → External
/// transfer), so it cannot be spent while an administrator decides.
/// </summary>
public sealed record RequestPayout(Guid OrganizationId, string Amount, string BankAccount) : IRequest<Result<Guid>>;

public sealed class RequestPayoutValidator : AbstractValidator<RequestPayout>
{
    public RequestPayoutValidator(IStringLocalizer<Messages> localizer)
    {
        RuleFor(r => r.Amount).MustBeAmountBetween(Payout.MinimumAmount, long.MaxValue / 1000, localizer);
        RuleFor(r => r.BankAccount).NotEmpty().WithMessage(_ => localizer["Enter the bank account to pay into."])
            .MaximumLength(100).WithMessage(_ => localizer["A bank account has at most 100 characters."]);
    }
}

internal sealed class RequestPayoutHandler(IAppDbContext db, IUnitOfWork unitOfWork, LedgerService ledger, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer) : IRequestHandler<RequestPayout, Result<Guid>>
{
    public async Task<Result<Guid>> Handle(RequestPayout request, CancellationToken cancellationToken)
    {
        var access = await db.Memberships
            .Where(m => m.OrganizationId == request.OrganizationId && m.UserId == currentUser.UserId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.Role, o.IsVerifiedProvider })
            .SingleOrDefaultAsync(cancellationToken);
        if (access is not { Role: MembershipRole.Owner, IsVerifiedProvider: true })
        {
            return Result<Guid>.Forbidden(localizer["Only an owner of a verified provider can request a payout."]);
        }

        return await unitOfWork.ExecuteAsync(async ct =>
        {
            var payout = new Payout(request.OrganizationId, AmountText.ToMinorUnits(request.Amount), request.BankAccount.Trim(), currentUser.UserId!, clock.GetUtcNow().UtcDateTime);
            db.Payouts.Add(payout);
            var wallet = await db.AccountIdAsync(request.OrganizationId, Asset.Money, AccountCode.Wallet, ct);
            var outcome = await ledger.PostAsync(
                [new TransferRequest(payout.HoldTransferId, wallet, PlatformAccounts.MoneyExternal, payout.Amount, TransferCode.Payout, $"payout:{payout.Id}", TransferFlags.Pending)],
                ct);
            if (!outcome.Applied)
            {
                return outcome.Results[0] == TransferResult.ExceedsCredits
                    ? Result<Guid>.Invalid(nameof(request.Amount), localizer["This is more than the wallet's available balance."])
                    : Result<Guid>.Conflict(localizer["The ledger refused the payout: {0}.", outcome.Results[0]]);
            }

            return await unitOfWork.SaveAsync(ct) ? payout.Id : Result<Guid>.Conflict(localizer["The wallet changed a moment ago. Try again."]);
        }, cancellationToken);
    }
}
