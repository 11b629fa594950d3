using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>Where an organization stands against its spending controls, with its latest notifications.</summary>
public sealed record GetSpendingStatus(Guid OrganizationId) : IRequest<Result<SpendingStatus>>;

public sealed record SpendingStatus(
    Guid OrganizationId,
    long Available,
    long? LowBalanceThreshold,
    long? MonthlyLimit,
    long CommittedThisMonth,
    IReadOnlyList<NotificationRow> Notifications)
{
    public bool BelowLowBalance => LowBalanceThreshold is { } threshold && Available < threshold;

    public bool LimitReached => MonthlyLimit is { } limit && CommittedThisMonth >= limit;
}

/// <summary>A notification; <see cref="Message"/> is in the reader's language (<see cref="NotificationText"/>).</summary>
public sealed record NotificationRow(NotificationKind Kind, string Message, DateTime CreatedAtUtc);

internal sealed class GetSpendingStatusHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock, DisplayZone zone, NotificationText notificationText) : IRequestHandler<GetSpendingStatus, Result<SpendingStatus>>
{
    public async Task<Result<SpendingStatus>> Handle(GetSpendingStatus request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken) is null)
        {
            return Result<SpendingStatus>.Forbidden();
        }

        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == request.OrganizationId)
            .Select(o => new { o.LowBalanceThreshold, o.MonthlySpendingLimit }).SingleAsync(cancellationToken);
        var wallet = await db.AccountIdAsync(request.OrganizationId, Asset.Money, AccountCode.Wallet, cancellationToken);
        var available = await db.AvailableAsync(wallet, cancellationToken);
        var committed = await db.CommittedThisMonthAsync(request.OrganizationId, clock.GetUtcNow().UtcDateTime, zone, cancellationToken);
        var notifications = await db.Notifications.Where(n => n.OrganizationId == request.OrganizationId)
            .OrderByDescending(n => n.Id).Take(5)
            .Select(n => new NotificationRow(n.Kind, n.Message, n.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        notifications = [.. notifications.Select(n => n with { Message = notificationText.For(n.Kind, n.Message) })];
        return new SpendingStatus(request.OrganizationId, available, organization.LowBalanceThreshold, organization.MonthlySpendingLimit, committed, notifications);
    }
}
