using ComputeMarket.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Infrastructure.Persistence;

/// <summary>
/// Arrival order for ledger writers, per engine:
/// <list type="bullet">
/// <item>PostgreSQL: a transaction-scoped advisory lock. A row lock there belongs to a row version, and each ledger
/// commit writes a new version of the head row, so the writers waiting on the old one are released together and
/// race for the new one: some waited many turns. The lock manager queues advisory-lock waiters first in, first out,
/// and the lock ends with the transaction.</item>
/// <item>SQL Server: nothing to add; its key locks survive updates and waiters queue on them in order.</item>
/// <item>SQLite: units of work already queue in the process (<see cref="SqliteWriteQueue"/>) before they begin.</item>
/// </list>
/// </summary>
public sealed class LedgerWriterQueue(AppDbContext db, DatabaseOptions database) : ILedgerWriterQueue
{
    /// <summary>An arbitrary, fixed advisory-lock number that only the ledger's writers take.</summary>
    public const long PostgreSqlLockKey = 0x436F6D704C656467;

    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgreSqlLockKey})", cancellationToken);
        }
    }
}
