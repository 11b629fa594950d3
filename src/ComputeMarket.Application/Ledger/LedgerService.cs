using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// The only code that writes accounts and transfers. A batch is applied atomically: every transfer or none.
/// Called on its own it runs in its own transaction; called inside a use case's transaction (an order that
/// reserves quota and places a hold) it joins that one, and the caller commits.
/// </summary>
/// <remarks>
/// Concurrency: the first statement of every ledger write updates the single <see cref="LedgerHead"/> row. On
/// SQLite the transaction is already the one writer (BEGIN IMMEDIATE); on SQL Server that row's exclusive lock is
/// held until commit. Either way ledger writers queue on one row, so the balance checks below read counters that
/// nobody else can change before this transaction ends — no overdraft is possible under any interleaving, and the
/// hash chain has exactly one next link. docs/ledger.md explains the choice.
/// </remarks>
public sealed class LedgerService(IAppDbContext db, TimeProvider clock)
{
    public async Task<LedgerOutcome> PostAsync(IReadOnlyList<TransferRequest> requests, CancellationToken cancellationToken = default)
    {
        var ownTransaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            await LockAsync(cancellationToken);

            // Anything this context tracked from an earlier call may be stale now that we hold the lock.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is Account or LedgerHead).ToList())
            {
                entry.State = EntityState.Detached;
            }

            var head = await db.LedgerHeads.SingleAsync(h => h.Id == LedgerHead.SingletonId, cancellationToken);
            var ids = requests.Select(r => r.Id).Distinct().ToList();
            var pendingIds = requests.Where(r => r.PendingId is not null).Select(r => r.PendingId!.Value).Distinct().ToList();
            var lookup = ids.Concat(pendingIds).Distinct().ToList();

            var stored = await db.Transfers.AsNoTracking().Where(t => lookup.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
            var resolved = pendingIds.Count == 0
                ? []
                : (await db.Transfers.AsNoTracking()
                    .Where(t => t.PendingId != null && pendingIds.Contains(t.PendingId.Value))
                    .Select(t => t.PendingId!.Value)
                    .ToListAsync(cancellationToken)).ToHashSet();

            var accountIds = requests.SelectMany(r => new[] { r.DebitAccountId, r.CreditAccountId })
                .Concat(stored.Values.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }))
                .Where(id => id != 0)
                .Distinct()
                .ToList();
            var accounts = await db.Accounts.Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);

            var outcome = LedgerRules.Apply(requests, new LedgerSnapshot(head, accounts, stored, resolved), clock.GetUtcNow().UtcDateTime);
            if (!outcome.Applied)
            {
                if (ownTransaction is not null)
                {
                    await ownTransaction.RollbackAsync(cancellationToken);
                }

                return outcome;
            }

            db.Transfers.AddRange(outcome.Created);
            await db.SaveChangesAsync(cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return outcome;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Takes the ledger's write lock inside the caller's transaction. A use case that checks balances or limits
    /// before posting (an order checking the monthly limit) takes it first, so its checks and its transfers are
    /// one serialized step; <see cref="PostAsync"/> taking it again in the same transaction is harmless.
    /// </summary>
    public Task LockAsync(CancellationToken cancellationToken = default) =>
        db.Database.CurrentTransaction is null
            ? throw new InvalidOperationException("The ledger lock is taken inside a transaction.")
            : db.LedgerHeads
                .Where(h => h.Id == LedgerHead.SingletonId)
                .ExecuteUpdateAsync(set => set.SetProperty(h => h.Version, h => h.Version + 1), cancellationToken);

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
