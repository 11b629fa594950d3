using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Auditing;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Operations;
using ComputeMarket.Domain.Wallets;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComputeMarket.Infrastructure.Persistence;

/// <summary>
/// The application database: Identity, organizations, the ledger and the market. Each provider has a small
/// subclass so that SQLite, SQL Server and PostgreSQL keep separate migration histories from one model.
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser>(options), IAppDbContext, IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<JobHeartbeat> JobHeartbeats => Set<JobHeartbeat>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Transfer> Transfers => Set<Transfer>();

    public DbSet<LedgerHead> LedgerHeads => Set<LedgerHead>();

    public DbSet<TopUp> TopUps => Set<TopUp>();

    public DbSet<Payout> Payouts => Set<Payout>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Offer> Offers => Set<Offer>();

    public DbSet<OfferPrice> OfferPrices => Set<OfferPrice>();

    public DbSet<TokenPackage> TokenPackages => Set<TokenPackage>();

    public DbSet<Allocation> Allocations => Set<Allocation>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<LedgerCheckpoint> LedgerCheckpoints => Set<LedgerCheckpoint>();

    public DbSet<CheckpointAccount> CheckpointAccounts => Set<CheckpointAccount>();

    public DbSet<LedgerVerificationRun> LedgerVerificationRuns => Set<LedgerVerificationRun>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();

    public DbSet<SettlementBatch> SettlementBatches => Set<SettlementBatch>();

    public DbSet<SettlementLine> SettlementLines => Set<SettlementLine>();

    public DbSet<PlatformFeeRate> PlatformFeeRates => Set<PlatformFeeRate>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    IQueryable<UserSummary> IAppDbContext.Users =>
        Users.Select(u => new UserSummary { Id = u.Id, Email = u.Email ?? "", DisplayName = u.DisplayName });

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is stored as UTC; this gives values read back their Kind, which SQLite does not keep.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

/// <summary>The embedded default: one SQLite file under the app's data folder.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // SQLite keeps GUIDs and times as text, in a form the hash does not cover: only the one form EF Core writes is accepted.
        builder.Entity<Transfer>().ToTable(table => table.HasCheckConstraint("CK_Transfers_StoredForms", SqliteStoredForms.CanonicalTransfer));
    }
}

/// <summary>Production: SQL Server, shared by every instance of the app.</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);

/// <summary>The other server engine, and the one the tests run on: PostgreSQL, shared by every instance of the app.</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options) : AppDbContext(options);
