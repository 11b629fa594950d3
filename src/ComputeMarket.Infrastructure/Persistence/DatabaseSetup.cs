using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace ComputeMarket.Infrastructure.Persistence;

/// <summary>
/// How the application talks to each database engine, in one place, so that the app, the design-time factories and
/// the tests build exactly the same options. Both server engines get the same connection resilience: EF Core's
/// retrying execution strategy, which replays a whole unit of work on a transient failure (see <c>UnitOfWork</c>).
/// </summary>
public static class DatabaseSetup
{
    public static TBuilder UseDatabase<TBuilder>(this TBuilder options, DatabaseProvider provider, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure());
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(connectionString, npgsql => npgsql.EnableRetryOnFailure());
                break;
            default:
                options.UseSqlite(connectionString);
                break;
        }

        return options;
    }

    /// <summary>The configured connection string for the provider; a relative SQLite file is placed under the content root.</summary>
    public static string ConnectionString(this DatabaseOptions database, IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetConnectionString(database.ConnectionStringName);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return SqliteConnectionString(configured, contentRoot);
        }

        return string.IsNullOrWhiteSpace(configured)
            ? throw new InvalidOperationException($"Database:Provider is {database.Provider} but ConnectionStrings:{database.ConnectionStringName} is not set.")
            : configured;
    }

    private static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? "Data Source=App_Data/computemarket.db");
        if (builder.DataSource is not (":memory:" or "") && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }
}
