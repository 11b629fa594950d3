using ComputeMarket.Testing;
using Npgsql;

namespace ComputeMarket.Benchmarks;

internal enum Engine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The database a benchmark runs the app on. SQLite: the fresh file <see cref="MarketApp"/> creates. PostgreSQL: a
/// fresh database on the server the tests use (ComputeMarket.Testing's <see cref="PostgresServer"/>): the one
/// <c>COMPUTEMARKET_TEST_POSTGRES</c> names, or else a throwaway cluster on a loopback port, stopped and deleted when
/// this process exits. The database is dropped when disposed.
/// </summary>
internal sealed class EngineDatabase : IAsyncDisposable
{
    private readonly string? _connectionString;

    private EngineDatabase(Engine engine, string? connectionString, IReadOnlyDictionary<string, string?> settings)
    {
        Engine = engine;
        _connectionString = connectionString;
        Settings = settings;
    }

    public Engine Engine { get; }

    /// <summary>The app's configuration for this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<EngineDatabase> CreateAsync(Engine engine, string name)
    {
        if (engine == Engine.Sqlite)
        {
            return new EngineDatabase(engine, null, new Dictionary<string, string?>());
        }

        if (!PostgresServer.IsAvailable)
        {
            throw new BenchmarkFailure(PostgresServer.UnavailableReason + ". Install postgresql-15 or set " + PostgresServer.ConnectionStringVariable + ".");
        }

        var connectionString = await PostgresServer.CreateDatabaseAsync(name);
        return new EngineDatabase(engine, connectionString, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:PostgreSql"] = connectionString,
        });
    }

    /// <summary>What the figures were measured on, for the report.</summary>
    public async Task<string> DescribeAsync(IServiceProvider services)
    {
        if (_connectionString is null)
        {
            return $"SQLite {await BenchmarkDatabase.SqliteVersionAsync(services)} (a fresh file, WAL)";
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var where = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.ConnectionStringVariable))
            ? "a throwaway cluster on 127.0.0.1"
            : $"the server {PostgresServer.ConnectionStringVariable} names";
        return $"PostgreSQL {reader.GetString(0)} ({where}; fsync {reader.GetString(1)}, synchronous_commit {reader.GetString(2)})";
    }

    /// <summary>The database's size on disk, in bytes.</summary>
    public async Task<long> SizeAsync(MarketApp market)
    {
        if (_connectionString is null)
        {
            var file = new FileInfo(market.DatabasePath);
            var log = new FileInfo(market.DatabasePath + "-wal");
            return (file.Exists ? file.Length : 0) + (log.Exists ? log.Length : 0);
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await PostgresServer.DropDatabaseAsync(_connectionString);
        }
    }
}
