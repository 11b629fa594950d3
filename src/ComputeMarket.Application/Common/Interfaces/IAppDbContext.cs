using ComputeMarket.Domain.Auditing;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Operations;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>The application's view of the database: EF Core sets, used directly by handlers.</summary>
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

    /// <summary>Read-only projection of the people who can sign in.</summary>
    IQueryable<UserSummary> Users { get; }

    DatabaseFacade Database { get; }

    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

/// <summary>A person as other people see them: built with an initializer so EF Core can filter and join on it.</summary>
public sealed class UserSummary
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    public required string DisplayName { get; init; }
}
