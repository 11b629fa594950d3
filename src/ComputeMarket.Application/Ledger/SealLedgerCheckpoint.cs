using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Ledger;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// Verifies what was appended since the latest checkpoint and, when all of it holds, seals a new checkpoint at the
/// head: its hash, every account's state and the totals, signed with the configured key. Only the latest two
/// checkpoints keep their account rows. Safe to run twice at once: both seal the same head, and the second insert of
/// a checkpoint at one sequence is refused by its key.
/// </summary>
public sealed record SealLedgerCheckpoint : IRequest<Result<long?>>;

internal sealed class SealLedgerCheckpointHandler(IAppDbContext db, IUnitOfWork unitOfWork, LedgerVerifier verifier, LedgerSeal seal, TimeProvider clock, ILogger<SealLedgerCheckpointHandler> logger, IStringLocalizer<Messages> localizer)
    : IRequestHandler<SealLedgerCheckpoint, Result<long?>>
{
    public async Task<Result<long?>> Handle(SealLedgerCheckpoint request, CancellationToken cancellationToken)
    {
        if (seal.WhyCannotSign is { } cannot)
        {
            logger.LogWarning("No ledger checkpoint is sealed: {Reason}", cannot);
            return Result<long?>.Conflict(cannot);
        }

        var (verification, accounts) = await verifier.VerifyWithAccountsAsync(cancellationToken);
        if (!verification.Intact)
        {
            foreach (var violation in verification.Violations)
            {
                logger.LogError("The ledger does not verify, so no checkpoint is sealed: {Invariant}: {Detail}", violation.Invariant, violation.Detail);
            }

            return Result<long?>.Conflict(localizer["The ledger does not verify: {0}", verification.Violations[0].Detail]);
        }

        if (verification.ToSequence == verification.FromSequence)
        {
            return (long?)null;
        }

        var checkpoint = new LedgerCheckpoint(
            verification.ToSequence,
            verification.Chain.LastHash,
            accounts.Select(a => new CheckpointAccount(a.Id, a.Asset, a.Code, a.OwnerOrganizationId, a.Flags, a.Balance)).ToList(),
            clock.GetUtcNow().UtcDateTime);
        seal.Sign(checkpoint);
        try
        {
            await unitOfWork.ExecuteAsync(async ct =>
            {
                db.LedgerCheckpoints.Add(checkpoint);

                // The new checkpoint and the one it was verified from keep their rows; older ones keep their signed summary.
                await db.CheckpointAccounts.Where(a => a.CheckpointSequence < verification.FromSequence).ExecuteDeleteAsync(ct);
                return await unitOfWork.SaveAsync(ct);
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await db.LedgerCheckpoints.AnyAsync(c => c.Sequence == checkpoint.Sequence, cancellationToken))
            {
                throw;
            }

            // Another server sealed the same head a moment ago.
            return (long?)null;
        }

        logger.LogInformation("Sealed ledger checkpoint #{Sequence} over {Accounts} accounts.", checkpoint.Sequence, checkpoint.AccountCount);
        return checkpoint.Sequence;
    }
}
