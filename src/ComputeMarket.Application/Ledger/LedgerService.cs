using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// The only code that writes accounts and transfers. It works inside the caller's unit of work
/// (<see cref="IUnitOfWork"/>): <see cref="PostAsync"/> applies a batch to the accounts and the chain head it tracks
/// and adds the new transfers, all or nothing, and saves nothing — the use case saves and commits its own rows and
/// the ledger's together, once.
/// </summary>
/// <remarks>
/// Concurrency: the first ledger statement of every unit updates the single <see cref="LedgerHead"/> row
/// (<see cref="LockAsync"/>), whose lock is held until the unit commits; where that row lock alone would not keep
/// arrival order, the writers first join <see cref="ILedgerWriterQueue"/>. Ledger writers therefore queue on one row, so
/// the balance checks read counters nobody else can change before this unit ends — no overdraft under any
/// interleaving — and the hash chain has exactly one next link. docs/ledger.md explains the choice.
/// </remarks>
public sealed class LedgerService(IAppDbContext db, IUnitOfWork unitOfWork, ILedgerWriterQueue writers, TimeProvider clock)
{
    private long _lockedAttempt;

    public async Task<LedgerOutcome> PostAsync(IReadOnlyList<TransferRequest> requests, CancellationToken cancellationToken = default)
    {
        await LockAsync(cancellationToken);

        // Within one unit, transfers added by an earlier call are not stored yet: they count as stored all the same.
        var added = db.Transfers.Local.ToList();
        var head = await db.LedgerHeads.SingleOrDefaultAsync(h => h.Id == LedgerHead.SingletonId, cancellationToken)
            ?? throw new InvalidOperationException("The ledger head row is missing: the database was not created by its migrations.");
        var ids = requests.Select(r => r.Id).Distinct().ToList();
        var pendingIds = requests.Where(r => r.PendingId is not null).Select(r => r.PendingId!.Value).Distinct().ToList();
        var lookup = ids.Concat(pendingIds).Distinct().ToList();

        var stored = await db.Transfers.AsNoTracking().Where(t => lookup.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        foreach (var transfer in added.Where(t => lookup.Contains(t.Id)))
        {
            stored[transfer.Id] = transfer;
        }

        var resolved = pendingIds.Count == 0
            ? []
            : (await db.Transfers.AsNoTracking()
                .Where(t => t.PendingId != null && pendingIds.Contains(t.PendingId.Value))
                .Select(t => t.PendingId!.Value)
                .ToListAsync(cancellationToken)).ToHashSet();
        resolved.UnionWith(added.Where(t => t.PendingId is { } p && pendingIds.Contains(p)).Select(t => t.PendingId!.Value));

        var accountIds = requests.SelectMany(r => new[] { r.DebitAccountId, r.CreditAccountId })
            .Concat(stored.Values.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }))
            .Where(id => id != 0)
            .Distinct()
            .ToList();
        var accounts = await db.Accounts.Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);

        var outcome = LedgerRules.Apply(requests, new LedgerSnapshot(head, accounts, stored, resolved), clock.GetUtcNow().UtcDateTime);
        if (outcome.Applied && outcome.Created.Count > 0)
        {
            db.Transfers.AddRange(outcome.Created);
            var first = outcome.Created[0];
            unitOfWork.ConfirmCommitBy(token => db.Transfers.AsNoTracking().AnyAsync(t => t.Id == first.Id && t.Hash == first.Hash, token));
        }

        return outcome;
    }

    /// <summary>
    /// Takes the ledger's write lock for the rest of the unit of work. A use case that checks balances, quota or limits
    /// before posting takes it first, so its checks and its transfers are one serialized step. Taking it again in the
    /// same unit does nothing.
    /// </summary>
    public async Task LockAsync(CancellationToken cancellationToken = default)
    {
        if (!unitOfWork.IsActive)
        {
            throw new InvalidOperationException("The ledger is written inside a unit of work (IUnitOfWork.ExecuteAsync).");
        }

        if (_lockedAttempt == unitOfWork.Attempt)
        {
            return;
        }

        await writers.JoinAsync(cancellationToken);
        await db.LedgerHeads
            .Where(h => h.Id == LedgerHead.SingletonId)
            .ExecuteUpdateAsync(set => set.SetProperty(h => h.Version, h => h.Version + 1), cancellationToken);
        _lockedAttempt = unitOfWork.Attempt;
    }

    /// <summary>Opens the accounts every organization has (idempotent: only missing ones are added, not saved).</summary>
    public async Task OpenOrganizationAccountsAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        var existing = await db.Accounts
            .Where(a => a.OwnerOrganizationId == organizationId)
            .Select(a => new { a.Asset, a.Code })
            .ToListAsync(cancellationToken);
        foreach (var (asset, code) in PlatformAccounts.PerOrganization)
        {
            if (!existing.Any(e => e.Asset == asset && e.Code == code))
            {
                db.Accounts.Add(new Account(asset, code, organizationId, AccountFlags.DebitsMustNotExceedCredits));
            }
        }
    }
}
