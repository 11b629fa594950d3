using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>
/// How much an organization has committed this calendar month (open holds at their maximum, closed allocations at
/// their final cost, packages at their price). Months follow the platform's display zone (China Standard Time
/// unless configured), because that is when the buyers' own months begin.
/// </summary>
public static class SpendingControls
{
    public static Task<long> CommittedThisMonthAsync(this IAppDbContext db, Guid organizationId, DateTime nowUtc, DisplayZone zone, CancellationToken cancellationToken)
    {
        var start = zone.MonthStartUtc(nowUtc);
        return db.Allocations
            .Where(a => a.BuyerOrganizationId == organizationId && a.CreatedAtUtc >= start)
            .SumAsync(a => a.CommittedAmount, cancellationToken);
    }

    /// <summary>What a wallet account can still spend: posted credits less posted and pending debits.</summary>
    public static Task<long> AvailableAsync(this IAppDbContext db, long walletAccountId, CancellationToken cancellationToken) =>
        db.Accounts.AsNoTracking()
            .Where(a => a.Id == walletAccountId)
            .Select(a => a.CreditsPosted - a.DebitsPosted - a.DebitsPending)
            .SingleAsync(cancellationToken);

    /// <summary>Writes a low-balance notification when spending <paramref name="spent"/> takes the wallet across the threshold.</summary>
    public static void NotifyIfBalanceFallsBelowThreshold(this IAppDbContext db, Organization buyer, long availableBefore, long spent, DateTime nowUtc)
    {
        if (buyer.LowBalanceThreshold is { } threshold && availableBefore >= threshold && availableBefore - spent < threshold)
        {
            db.Notifications.Add(new Notification(buyer.Id, NotificationKind.LowBalance, NotificationText.English(NotificationKind.LowBalance), nowUtc));
        }
    }
}
