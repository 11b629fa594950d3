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

/// <summary>An administrator approves a payout (the hold is posted: Wallet → External) or rejects it (the hold is voided).</summary>
public sealed record DecidePayout(Guid PayoutId, bool Approve, string? Note = null) : IRequest<Result>;

public sealed class DecidePayoutValidator : AbstractValidator<DecidePayout>
{
    public DecidePayoutValidator()
    {
        RuleFor(r => r.Note).MaximumLength(500).WithMessage("A note has at most 500 characters.");
        When(r => !r.Approve, () => RuleFor(r => r.Note).NotEmpty().WithMessage("Say why the payout is rejected; the provider sees it."));
    }
}

internal sealed class DecidePayoutHandler(IAppDbContext db, LedgerService ledger, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<DecidePayout, Result>
{
    public async Task<Result> Handle(DecidePayout request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result.Forbidden("Only an administrator can approve or reject payouts.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var payout = await db.Payouts.SingleOrDefaultAsync(p => p.Id == request.PayoutId, cancellationToken);
        if (payout is null)
        {
            return Result.NotFound("There is no such payout.");
        }

        if (payout.Status != PayoutStatus.Requested)
        {
            return Result.Conflict($"This payout is already {payout.Status.ToString().ToLowerInvariant()}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { payout.Status };
        // Deterministic ids: deciding twice can never post or void the hold twice.
        var resolution = request.Approve
            ? TransferRequest.Post(DeterministicId.For("payout-post", payout.Id), payout.HoldTransferId, payout.Amount, TransferCode.Payout, $"payout:{payout.Id}")
            : TransferRequest.Void(DeterministicId.For("payout-void", payout.Id), payout.HoldTransferId, TransferCode.Release, $"payout:{payout.Id}");
        if (request.Approve)
        {
            payout.Approve(currentUser.UserId!, now);
        }
        else
        {
            payout.Reject(currentUser.UserId!, now, request.Note!.Trim());
        }

        var outcome = await ledger.PostAsync([resolution], cancellationToken);
        if (!outcome.Applied)
        {
            return Result.Conflict($"The ledger refused: {outcome.Results[0]}.");
        }

        db.Record(now, currentUser.UserId!, request.Approve ? "Payout.Approve" : "Payout.Reject", $"payout:{payout.Id}", before, new { payout.Status, payout.Amount, payout.OrganizationId, payout.Note });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Result.Conflict("Another administrator decided this payout a moment ago.");
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Ok();
    }
}
