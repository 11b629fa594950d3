using System.Data.Common;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.SqlServer.Storage.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ComputeMarket.Application.Tests.Persistence;

/// <summary>
/// SQL Server cannot run here, so what can be checked without one is checked on the options the application
/// itself builds for it: EF Core's retrying execution strategy is configured (as on PostgreSQL, where the tests run
/// the same code path against a real server), it refuses work in a transaction opened beside it, and the
/// unit-of-work helper runs its units inside it. Interceptors play the server up to the first command.
/// </summary>
public sealed class ServerOptionsTests
{
    [Theory]
    [InlineData(DatabaseProvider.SqlServer, "Server=127.0.0.1,1;Database=nowhere;User Id=sa;Password=none;TrustServerCertificate=true")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody")]
    public async Task A_server_engine_runs_units_of_work_inside_its_retrying_execution_strategy(DatabaseProvider provider, string connectionString)
    {
        await using var services = SliceFixture.Build(
            new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                [$"ConnectionStrings:{provider}"] = connectionString,
                ["Hangfire:ServerEnabled"] = "false",
            },
            Path.GetTempPath(),
            new FakeTimeProvider(),
            s =>
            {
                s.AddSingleton<IInterceptor, NoServerHere>();
                s.AddSingleton<IInterceptor, NoTransactionHere>();
                s.AddSingleton<IInterceptor, NoCommandHere>();
            });
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var strategy = db.Database.CreateExecutionStrategy();
        Assert.True(strategy.RetriesOnFailure);
        if (provider == DatabaseProvider.SqlServer)
        {
            Assert.IsType<SqlServerRetryingExecutionStrategy>(strategy);
        }

        // A transaction begun beside the strategy is refused at its first query, before anything reaches the server…
        await using (var beside = await db.Database.BeginTransactionAsync())
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Organizations.AnyAsync());
            Assert.Contains("does not support user-initiated transactions", refused.Message, StringComparison.Ordinal);
        }

        // …while inside a unit of work the same query runs, inside the strategy, up to the server.
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var reached = await Assert.ThrowsAsync<NoServerHere.Reached>(() => unitOfWork.ExecuteAsync(ct => scope.ServiceProvider.GetRequiredService<IAppDbContext>().Organizations.AnyAsync(ct)));
        Assert.Contains("Organizations", reached.Sql, StringComparison.Ordinal);
    }

    /// <summary>Plays the server up to the first command: the connection "opens", transactions "begin", commands stop here.</summary>
    private sealed class NoServerHere : DbConnectionInterceptor
    {
        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
            InterceptionResult.Suppress();

        public sealed class Reached(string sql) : Exception("A command reached the (missing) server.")
        {
            public string Sql { get; } = sql;
        }
    }

    private sealed class NoTransactionHere : DbTransactionInterceptor
    {
        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult<DbTransaction>.SuppressWithResult(new PretendTransaction(connection, eventData.IsolationLevel)));
    }

    private sealed class NoCommandHere : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            throw new NoServerHere.Reached(command.CommandText);
    }

    private sealed class PretendTransaction(DbConnection connection, System.Data.IsolationLevel isolationLevel) : DbTransaction
    {
        public override System.Data.IsolationLevel IsolationLevel => isolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }
}
