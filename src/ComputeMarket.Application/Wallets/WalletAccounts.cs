using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Wallets;

/// <summary>Looks up an organization's ledger accounts.</summary>
public static class WalletAccounts
{
    public static Task<long> AccountIdAsync(this IAppDbContext db, Guid organizationId, Asset asset, AccountCode code, CancellationToken cancellationToken) =>
        db.Accounts
            .Where(a => a.OwnerOrganizationId == organizationId && a.Asset == asset && a.Code == code)
            .Select(a => a.Id)
            .SingleAsync(cancellationToken);
}
