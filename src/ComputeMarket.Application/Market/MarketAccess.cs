using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>Who may sell: members of an organization an administrator has verified as a provider.</summary>
public static class MarketAccess
{
    public static Task<bool> CanSellForAsync(this IAppDbContext db, Guid organizationId, string? userId, CancellationToken cancellationToken) =>
        userId is null
            ? Task.FromResult(false)
            : db.Memberships
                .Where(m => m.OrganizationId == organizationId && m.UserId == userId)
                .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => o.IsVerifiedProvider)
                .SingleOrDefaultAsync(cancellationToken);

    public static Task<MembershipRole?> BuyerRoleAsync(this IAppDbContext db, Guid organizationId, string? userId, CancellationToken cancellationToken) =>
        Organizations.OrganizationAccess.RoleInAsync(db, organizationId, userId, cancellationToken);
}
