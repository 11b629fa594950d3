using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Wallets;

/// <summary>An organization's balances per asset, with its recent top-ups and payouts.</summary>
public sealed record GetWallet(Guid OrganizationId) : IRequest<Result<WalletView>>;

public sealed record WalletView(
    Guid OrganizationId,
    string OrganizationName,
    bool IsVerifiedProvider,
    bool IAmOwner,
    bool ICanPurchase,
    IReadOnlyList<AssetBalance> Balances,
    IReadOnlyList<TopUpRow> TopUps,
    IReadOnlyList<PayoutRow> Payouts)
{
    public AssetBalance Money => Balances.Single(b => b.Asset == Asset.Money);

    public bool CanRequestPayout => IAmOwner && IsVerifiedProvider;
}

/// <summary>Available = what can be spent now; Held = reserved by pending transfers; Total = Available + Held.</summary>
public sealed record AssetBalance(Asset Asset, long Available, long Held, long Total);

public sealed record TopUpRow(Guid Id, string Reference, long Amount, TopUpStatus Status, DateTime RequestedAtUtc, DateTime? DecidedAtUtc, string? Note);

public sealed record PayoutRow(Guid Id, long Amount, string BankAccount, PayoutStatus Status, DateTime RequestedAtUtc, DateTime? DecidedAtUtc, string? Note);

internal sealed class GetWalletHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetWallet, Result<WalletView>>
{
    private const int Recent = 10;

    public async Task<Result<WalletView>> Handle(GetWallet request, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.Where(o => o.Id == request.OrganizationId)
            .Select(o => new { o.Name, o.IsVerifiedProvider })
            .SingleOrDefaultAsync(cancellationToken);
        if (organization is null)
        {
            return Result<WalletView>.NotFound(localizer["There is no such organization."]);
        }

        var role = await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken);
        if (role is null)
        {
            return Result<WalletView>.Forbidden(localizer["You are not a member of this organization."]);
        }

        var wallets = await db.Accounts.AsNoTracking()
            .Where(a => a.OwnerOrganizationId == request.OrganizationId && a.Code == AccountCode.Wallet)
            .ToListAsync(cancellationToken);
        var balances = new[] { Asset.Money, Asset.Tok }
            .Select(asset => wallets.SingleOrDefault(w => w.Asset == asset)?.Balance ?? default)
            .Zip([Asset.Money, Asset.Tok], (b, asset) => new AssetBalance(asset, b.Available, b.Held, b.Posted))
            .ToList();

        var topUps = await db.TopUps.Where(t => t.OrganizationId == request.OrganizationId)
            .OrderByDescending(t => t.RequestedAtUtc).Take(Recent)
            .Select(t => new TopUpRow(t.Id, t.Reference, t.Amount, t.Status, t.RequestedAtUtc, t.DecidedAtUtc, t.Note))
            .ToListAsync(cancellationToken);
        var payouts = await db.Payouts.Where(p => p.OrganizationId == request.OrganizationId)
            .OrderByDescending(p => p.RequestedAtUtc).Take(Recent)
            .Select(p => new PayoutRow(p.Id, p.Amount, p.BankAccount, p.Status, p.RequestedAtUtc, p.DecidedAtUtc, p.Note))
            .ToListAsync(cancellationToken);

        return new WalletView(request.OrganizationId, organization.Name, organization.IsVerifiedProvider, role == MembershipRole.Owner, role.IsAtLeast(MembershipRole.Purchaser), balances, topUps, payouts);
    }
}
