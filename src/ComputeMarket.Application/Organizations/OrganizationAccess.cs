using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Organizations;

/// <summary>The one place that answers "what may the current person do in this organization".</summary>
public static class OrganizationAccess
{
    /// <summary>The caller's role in the organization, or null when they are not a member.</summary>
    public static Task<MembershipRole?> RoleInAsync(this IAppDbContext db, Guid organizationId, string? userId, CancellationToken cancellationToken) =>
        userId is null
            ? Task.FromResult<MembershipRole?>(null)
            : db.Memberships
                .Where(m => m.OrganizationId == organizationId && m.UserId == userId)
                .Select(m => (MembershipRole?)m.Role)
                .SingleOrDefaultAsync(cancellationToken);
}
