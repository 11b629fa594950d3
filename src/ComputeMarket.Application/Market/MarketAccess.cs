using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Market;

/// <summary>
/// Who may sell: members of an organization an administrator has verified as a provider — any member reads its
/// listings, its owners change them.
/// </summary>
public static class MarketAccess
{
    public static async Task<bool> CanSellForAsync(this IAppDbContext db, Guid organizationId, string? userId, MembershipRole minimum, CancellationToken cancellationToken)
    {
        if (userId is null)
        {
            return false;
        }

        var access = await db.Memberships
            .Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.Role, o.IsVerifiedProvider })
            .SingleOrDefaultAsync(cancellationToken);
        return access is { IsVerifiedProvider: true } && access.Role.IsAtLeast(minimum);
    }
}
