using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Operations;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Organizations;

/// <summary>
/// The page a person lands on after signing in: for each of their organizations the money (available / held), open
/// allocations, this month's spend against the limit, the latest notifications and the next step the state calls
/// for; for administrators the queues waiting on them; for auditors the way to the ledger.
/// </summary>
public sealed record GetDashboard : IRequest<Dashboard>;

public sealed record Dashboard(IReadOnlyList<OrganizationDashboard> Organizations, AdministratorQueues? Queues, bool IsAuditor);

public enum NextStep
{
    /// <summary>Nothing to spend: top up the wallet.</summary>
    TopUp,

    /// <summary>A top-up is waiting for an administrator to see the money arrive.</summary>
    AwaitTopUp,

    /// <summary>Money but nothing bought: browse the catalog.</summary>
    BrowseCatalog,

    /// <summary>A verified provider with nothing listed: create a listing.</summary>
    CreateListing,
}

public sealed record OrganizationDashboard(
    Guid Id,
    string Name,
    MembershipRole Role,
    bool IsVerifiedProvider,
    long Available,
    long Held,
    int OpenAllocations,
    long SpentThisMonth,
    long? MonthlyLimit,
    int PendingTopUps,
    int Listings,
    int UnreadNotifications,
    IReadOnlyList<NotificationRow> Notifications,
    IReadOnlyList<NextStep> NextSteps)
{
    /// <summary>This month's spend as a share of the limit, 0–100, when there is a limit.</summary>
    public int? SpentPercent => MonthlyLimit is > 0 and var limit ? (int)Math.Min(100, SpentThisMonth * 100 / limit) : null;
}

/// <summary>What waits on administrators: top-ups and payouts to decide, organizations not verified as providers, failed jobs.</summary>
public sealed record AdministratorQueues(int PendingTopUps, int PendingPayouts, int UnverifiedOrganizations, long FailedJobs);

internal sealed class GetDashboardHandler(IAppDbContext db, ICurrentUser currentUser, IJobMonitor jobs, TimeProvider clock, DisplayZone zone)
    : IRequestHandler<GetDashboard, Dashboard>
{
    private const int RecentNotifications = 5;

    public async Task<Dashboard> Handle(GetDashboard request, CancellationToken cancellationToken)
    {
        if (currentUser.UserId is not { } userId)
        {
            return new Dashboard([], null, false);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var memberships = await db.Memberships
            .Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.Role, o.Id, o.Name, o.IsVerifiedProvider, o.MonthlySpendingLimit })
            .OrderBy(x => x.Name)
            .ToListAsync(cancellationToken);

        var organizations = new List<OrganizationDashboard>(memberships.Count);
        foreach (var membership in memberships)
        {
            var wallet = await db.Accounts.AsNoTracking()
                .Where(a => a.OwnerOrganizationId == membership.Id && a.Asset == Asset.Money && a.Code == AccountCode.Wallet)
                .SingleOrDefaultAsync(cancellationToken);
            var balance = wallet?.Balance ?? default;
            var openAllocations = await db.Allocations.CountAsync(a => a.BuyerOrganizationId == membership.Id && a.Status == AllocationStatus.Active, cancellationToken);
            var everBought = openAllocations > 0 || await db.Allocations.AnyAsync(a => a.BuyerOrganizationId == membership.Id, cancellationToken);
            var spent = await db.CommittedThisMonthAsync(membership.Id, now, zone, cancellationToken);
            var pendingTopUps = await db.TopUps.CountAsync(t => t.OrganizationId == membership.Id && t.Status == TopUpStatus.Requested, cancellationToken);
            var listings = membership.IsVerifiedProvider ? await db.Offers.CountAsync(o => o.ProviderOrganizationId == membership.Id, cancellationToken) : 0;
            var unread = await db.Notifications.CountAsync(n => n.OrganizationId == membership.Id && n.ReadAtUtc == null, cancellationToken);
            var notifications = await db.Notifications.Where(n => n.OrganizationId == membership.Id)
                .OrderByDescending(n => n.Id).Take(RecentNotifications)
                .Select(n => new NotificationRow(n.Kind, n.Message, n.CreatedAtUtc))
                .ToListAsync(cancellationToken);

            var steps = new List<NextStep>();
            if (balance.Available <= 0)
            {
                steps.Add(pendingTopUps > 0 ? NextStep.AwaitTopUp : NextStep.TopUp);
            }
            else if (!everBought && membership.Role.IsAtLeast(MembershipRole.Purchaser))
            {
                steps.Add(NextStep.BrowseCatalog);
            }

            if (membership.IsVerifiedProvider && listings == 0 && membership.Role == MembershipRole.Owner)
            {
                steps.Add(NextStep.CreateListing);
            }

            organizations.Add(new OrganizationDashboard(
                membership.Id, membership.Name, membership.Role, membership.IsVerifiedProvider,
                balance.Available, balance.Held, openAllocations, spent, membership.MonthlySpendingLimit,
                pendingTopUps, listings, unread, notifications, steps));
        }

        AdministratorQueues? queues = null;
        if (currentUser.IsInRole(PlatformRoles.Administrator))
        {
            queues = new AdministratorQueues(
                await db.TopUps.CountAsync(t => t.Status == TopUpStatus.Requested, cancellationToken),
                await db.Payouts.CountAsync(p => p.Status == PayoutStatus.Requested, cancellationToken),
                await db.Organizations.CountAsync(o => !o.IsVerifiedProvider, cancellationToken),
                jobs.FailedJobCount());
        }

        return new Dashboard(organizations, queues, currentUser.IsInRole(PlatformRoles.Auditor));
    }
}
