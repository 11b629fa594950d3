using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>
/// Keeps SQLite's query planner statistics current (<c>PRAGMA optimize</c>): without them it misjudges how selective
/// the catalog's filters are and scans every offer (docs/benchmarks.md). SQL Server maintains statistics itself, so
/// there this does nothing. Safe to run twice at once: it only refreshes statistics.
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
    }
}
