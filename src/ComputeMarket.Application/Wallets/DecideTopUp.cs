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

namespace ComputeMarket.Application.Wallets;

/// <summary>
/// An administrator confirms that a top-up's bank transfer arrived (External → Wallet) or rejects it. The ledger
/// transfer's id is the top-up's id, so even two administrators confirming at once credit the wallet once.
/// </summary>
public sealed record DecideTopUp(Guid TopUpId, bool Confirm, string? Note = null) : IRequest<Result>;

public sealed class DecideTopUpValidator : AbstractValidator<DecideTopUp>
{
    public DecideTopUpValidator()
    {
        RuleFor(r => r.Note).MaximumLength(500).WithMessage("A note has at most 500 characters.");
        When(r => !r.Confirm, () => RuleFor(r => r.Note).NotEmpty().WithMessage("Say why the top-up is rejected; the buyer sees it."));
    }
}

internal sealed class DecideTopUpHandler(IAppDbContext db, LedgerService ledger, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<DecideTopUp, Result>
{
    public async Task<Result> Handle(DecideTopUp request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result.Forbidden("Only an administrator can confirm or reject top-ups.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var topUp = await db.TopUps.SingleOrDefaultAsync(t => t.Id == request.TopUpId, cancellationToken);
        if (topUp is null)
        {
            return Result.NotFound("There is no such top-up.");
        }

        if (topUp.Status != TopUpStatus.Requested)
        {
            return Result.Conflict($"This top-up is already {topUp.Status.ToString().ToLowerInvariant()}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { topUp.Status };
        if (request.Confirm)
        {
            topUp.Confirm(currentUser.UserId!, now);
            var wallet = await db.AccountIdAsync(topUp.OrganizationId, Asset.Money, AccountCode.Wallet, cancellationToken);
            var outcome = await ledger.PostAsync(
                [new TransferRequest(topUp.Id, PlatformAccounts.MoneyExternal, wallet, topUp.Amount, TransferCode.TopUp, $"topup:{topUp.Reference}")],
                cancellationToken);
            if (!outcome.Applied)
            {
                return Result.Conflict($"The ledger refused the top-up: {outcome.Results[0]}.");
            }
        }
        else
        {
            topUp.Reject(currentUser.UserId!, now, request.Note!.Trim());
        }

        db.Record(now, currentUser.UserId!, request.Confirm ? "TopUp.Confirm" : "TopUp.Reject", $"topup:{topUp.Reference}", before, new { topUp.Status, topUp.Amount, topUp.OrganizationId, topUp.Note });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflict("Another administrator decided this top-up a moment ago.");
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Ok();
    }
}
