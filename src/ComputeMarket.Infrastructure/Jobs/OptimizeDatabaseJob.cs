using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>
/// Keeps the query planner's statistics current. SQLite (<c>PRAGMA optimize</c>): without them it misjudges how
/// selective the catalog's filters are and scans every offer. PostgreSQL (<c>ANALYZE</c>): autovacuum analyzes a
/// table only after enough changes, and until then a freshly filled ledger is planned without statistics — the audit
/// page's "anything after the checkpoint?" query became a scan and sort of every transfer (docs/benchmarks.md). SQL
/// Server maintains statistics itself, so there this does nothing. Safe to run twice at once: it only refreshes
/// statistics.
/// </summary>
public sealed class OptimizeDatabaseJob(AppDbContext db)
{
    public const string Name = "optimize-database";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // 0x10002: consider every table, not only those this (fresh) connection has queried.
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", cancellationToken);
        }
        else if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE;", cancellationToken);
        }
    }
}
