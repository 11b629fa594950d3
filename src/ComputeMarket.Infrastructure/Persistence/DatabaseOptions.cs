namespace ComputeMarket.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The "Database" configuration section. Connection strings live under "ConnectionStrings".</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up (EF Core takes a lock, so several instances may start at once).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
