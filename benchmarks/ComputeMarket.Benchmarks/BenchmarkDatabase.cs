using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>Direct access to the app's (throwaway) database, for what the benchmark reports or tries out.</summary>
internal static class BenchmarkDatabase
{
    public static async Task ExecuteAsync(IServiceProvider services, string sql)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>The SQLite library the app runs on (bundled with Microsoft.Data.Sqlite; query plans differ by version).</summary>
    public static async Task<string> SqliteVersionAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version();";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
