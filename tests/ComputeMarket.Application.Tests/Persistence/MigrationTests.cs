using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ComputeMarket.Application.Tests.Persistence;

/// <summary>
/// The three providers' migrations come from one model. These fail when someone changes the model and forgets
/// to add a migration for any provider (no server is needed: nothing connects).
/// </summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_sql_server_migrations_capture_the_whole_model()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no SQL Server migration captures: add one with dotnet ef migrations add.");
    }

    [Fact]
    public void The_sqlite_migrations_capture_the_whole_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no SQLite migration captures: add one with dotnet ef migrations add.");
    }

    [Fact]
    public void The_postgresql_migrations_capture_the_whole_model()
    {
        using var db = new PostgreSqlDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no PostgreSQL migration captures: add one with dotnet ef migrations add.");
    }

    [Fact]
    public void The_idempotent_sql_server_script_generates()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var migrator = db.GetService<IMigrator>();

        var script = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Organizations]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Invitations_TokenHash]", script, StringComparison.Ordinal);
        foreach (var migration in db.Database.GetMigrations())
        {
            Assert.Contains(migration, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_provider_has_the_same_migrations_since_postgresql_joined()
    {
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgreSql = new PostgreSqlDesignTimeFactory().CreateDbContext([]);

        static List<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[15..]).ToList();

        // PostgreSQL starts from one baseline holding everything the other two had built up by then.
        var postgreSqlNames = Names(postgreSql);
        Assert.Equal(PostgreSqlBaseline, postgreSqlNames[0]);
        Assert.Equal(Names(sqlServer), Names(sqlite));
        var joinedAt = Names(sqlite).IndexOf(LastBeforePostgreSql) + 1;
        Assert.True(joinedAt > 0);
        Assert.Equal(Names(sqlite).Skip(joinedAt), postgreSqlNames.Skip(1));
    }

    private const string PostgreSqlBaseline = "PostgreSqlBaseline";
    private const string LastBeforePostgreSql = "PortableIndexFilters";
}
