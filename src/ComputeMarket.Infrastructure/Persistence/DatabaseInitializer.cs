using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Infrastructure.Persistence;

/// <summary>
/// Brings the database to the current model at start-up: migrations, the platform roles, the first
/// administrator from configuration and, when asked, the demo data. Every step is idempotent, and instances that
/// start together take turns: EF Core locks the migrations, and the roles and the administrator are created in a
/// unit of work that first takes the ledger's lock (the one row every writer of the platform queues on).
/// </summary>
public sealed class DatabaseInitializer(
    AppDbContext db,
    IUnitOfWork unitOfWork,
    LedgerService ledger,
    DatabaseOptions database,
    RoleManager<IdentityRole> roles,
    UserManager<AppUser> users,
    IOptions<BootstrapOptions> bootstrap,
    IOptions<DemoOptions> demo,
    DemoSeeder demoSeeder,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (database.MigrateOnStartup)
        {
            await MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // One writer at a time is SQLite's rule; WAL lets readers go on while it writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

            // Planner statistics for tables that changed much since the last run (also refreshed hourly by a job).
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", cancellationToken);
        }

        await unitOfWork.ExecuteAsync(async ct =>
        {
            await ledger.LockAsync(ct);
            foreach (var role in PlatformRoles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
            }

            await EnsureFirstAdministratorAsync();
            return await unitOfWork.SaveAsync(ct);
        }, cancellationToken);

        if (demo.Value.Seed)
        {
            await demoSeeder.SeedAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Applies pending migrations. EF Core locks the database while it migrates, but on PostgreSQL its lock lasts one
    /// migration's transaction: two instances starting together can each plan the same pending migrations and the
    /// second then fails on a table the first created. So on PostgreSQL the whole migration runs under a session
    /// advisory lock, one instance after the other (the second then finds nothing to do).
    /// </summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.PostgreSql)
        {
            await db.Database.MigrateAsync(cancellationToken);
            return;
        }

        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // The other instance created it first.
            }
        }

        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>An arbitrary, fixed advisory-lock number that only ComputeMarket's start-up takes.</summary>
    private const long MigrationLockKey = 0x436F6D7075746531;

    private async Task EnsureFirstAdministratorAsync()
    {
        var admin = bootstrap.Value.Administrator;
        if (string.IsNullOrWhiteSpace(admin.Email))
        {
            logger.LogInformation("No Bootstrap:Administrator:Email configured; no administrator is created at start-up.");
            return;
        }

        var user = await users.FindByEmailAsync(admin.Email);
        if (user is null)
        {
            if (string.IsNullOrWhiteSpace(admin.Password))
            {
                logger.LogWarning("Bootstrap:Administrator:Email is {Email} but no password is configured; the administrator is not created.", admin.Email);
                return;
            }

            user = new AppUser
            {
                UserName = admin.Email,
                Email = admin.Email,
                EmailConfirmed = true,
                DisplayName = admin.DisplayName,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user, admin.Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("The configured administrator could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            logger.LogInformation("Created the first administrator {Email} from configuration.", admin.Email);
        }

        if (!await users.IsInRoleAsync(user, PlatformRoles.Administrator))
        {
            await users.AddToRoleAsync(user, PlatformRoles.Administrator);
        }
    }
}
