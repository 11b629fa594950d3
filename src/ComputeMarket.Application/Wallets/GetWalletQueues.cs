using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Wallets;

/// <summary>What administrators must decide: requested top-ups and payouts, plus the most recent decisions.</summary>
public sealed record GetWalletQueues : IRequest<Result<WalletQueues>>;

public sealed record WalletQueues(IReadOnlyList<AdminTopUpRow> TopUps, IReadOnlyList<AdminPayoutRow> Payouts);

public sealed record AdminTopUpRow(Guid Id, string OrganizationName, string Reference, long Amount, TopUpStatus Status, DateTime RequestedAtUtc, DateTime? DecidedAtUtc);

public sealed record AdminPayoutRow(Guid Id, string OrganizationName, long Amount, string BankAccount, PayoutStatus Status, DateTime RequestedAtUtc, DateTime? DecidedAtUtc);

internal sealed class GetWalletQueuesHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<GetWalletQueues, Result<WalletQueues>>
{
    private const int RecentDecisions = 20;

    public async Task<Result<WalletQueues>> Handle(GetWalletQueues request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result<WalletQueues>.Forbidden();
        }

        var topUps = await db.TopUps
            .Join(db.Organizations, t => t.OrganizationId, o => o.Id, (t, o) => new { TopUp = t, o.Name })
            .Where(x => x.TopUp.Status == TopUpStatus.Requested)
            .OrderBy(x => x.TopUp.RequestedAtUtc)
            .Select(x => new AdminTopUpRow(x.TopUp.Id, x.Name, x.TopUp.Reference, x.TopUp.Amount, x.TopUp.Status, x.TopUp.RequestedAtUtc, x.TopUp.DecidedAtUtc))
            .ToListAsync(cancellationToken);
        var decidedTopUps = await db.TopUps
            .Join(db.Organizations, t => t.OrganizationId, o => o.Id, (t, o) => new { TopUp = t, o.Name })
            .Where(x => x.TopUp.Status != TopUpStatus.Requested)
            .OrderByDescending(x => x.TopUp.DecidedAtUtc).Take(RecentDecisions)
            .Select(x => new AdminTopUpRow(x.TopUp.Id, x.Name, x.TopUp.Reference, x.TopUp.Amount, x.TopUp.Status, x.TopUp.RequestedAtUtc, x.TopUp.DecidedAtUtc))
            .ToListAsync(cancellationToken);
        var payouts = await db.Payouts
            .Join(db.Organizations, p => p.OrganizationId, o => o.Id, (p, o) => new { Payout = p, o.Name })
            .OrderBy(x => x.Payout.Status == PayoutStatus.Requested ? 0 : 1).ThenByDescending(x => x.Payout.RequestedAtUtc)
            .Take(50)
            .Select(x => new AdminPayoutRow(x.Payout.Id, x.Name, x.Payout.Amount, x.Payout.BankAccount, x.Payout.Status, x.Payout.RequestedAtUtc, x.Payout.DecidedAtUtc))
            .ToListAsync(cancellationToken);
        return new WalletQueues([.. topUps, .. decidedTopUps], payouts);
    }
}
