namespace ComputeMarket.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>The "Database" configuration section. Connection strings live under "ConnectionStrings".</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (EF Core takes a lock, so several instances may start at once).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Whether the provider is a server shared by several instances of the app (not the embedded SQLite file).</summary>
    public bool IsServer => Provider is DatabaseProvider.SqlServer or DatabaseProvider.PostgreSql;

    /// <summary>The name of the connection string the provider reads (<c>ConnectionStrings:Sqlite</c>, …).</summary>
    public string ConnectionStringName => Provider.ToString();
}
