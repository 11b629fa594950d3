using ComputeMarket.Domain.Auditing;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Operations;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>
/// The application's view of the database: EF Core sets, queried directly by handlers. It cannot save or open a
/// transaction: changes are kept only through <see cref="IUnitOfWork.SaveAsync"/>, inside a unit of work.
/// </summary>
public interface IAppDbContext
{
    DbSet<Organization> Organizations { get; }

    DbSet<Membership> Memberships { get; }

    DbSet<Invitation> Invitations { get; }

    DbSet<JobHeartbeat> JobHeartbeats { get; }

    DbSet<Account> Accounts { get; }

    DbSet<Transfer> Transfers { get; }

    DbSet<LedgerHead> LedgerHeads { get; }

    DbSet<TopUp> TopUps { get; }

    DbSet<Payout> Payouts { get; }

    DbSet<AuditEntry> AuditEntries { get; }

    DbSet<Offer> Offers { get; }

    DbSet<OfferPrice> OfferPrices { get; }

    DbSet<TokenPackage> TokenPackages { get; }

    DbSet<Allocation> Allocations { get; }

    DbSet<Notification> Notifications { get; }

    DbSet<LedgerCheckpoint> LedgerCheckpoints { get; }

    DbSet<CheckpointAccount> CheckpointAccounts { get; }

    DbSet<LedgerVerificationRun> LedgerVerificationRuns { get; }

    DbSet<ApiKey> ApiKeys { get; }

    DbSet<UsageEvent> UsageEvents { get; }

    DbSet<SettlementBatch> SettlementBatches { get; }

    DbSet<SettlementLine> SettlementLines { get; }

    DbSet<PlatformFeeRate> PlatformFeeRates { get; }

    /// <summary>Read-only projection of the people who can sign in.</summary>
    IQueryable<UserSummary> Users { get; }
}

/// <summary>A person as other people see them: built with an initializer so EF Core can filter and join on it.</summary>
public sealed class UserSummary
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    public required string DisplayName { get; init; }
}
