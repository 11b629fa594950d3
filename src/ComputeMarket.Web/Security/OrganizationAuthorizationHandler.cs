using System.Security.Claims;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Organizations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Security;

/// <summary>
/// Checks an <see cref="OrganizationRequirement"/> against the database on every request, so that a removed
/// member or a revoked verification takes effect at once rather than when a cookie expires.
/// </summary>
internal sealed class OrganizationAuthorizationHandler(IHttpContextAccessor httpContextAccessor, IAppDbContext db)
    : AuthorizationHandler<OrganizationRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationRequirement requirement)
    {
        var httpContext = context.Resource as HttpContext ?? httpContextAccessor.HttpContext;
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (httpContext is null || userId is null
            || !Guid.TryParse(httpContext.GetRouteValue(Policies.OrganizationRouteKey)?.ToString(), out var organizationId))
        {
            return;
        }

        var access = await db.Memberships
            .Where(m => m.OrganizationId == organizationId && m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.Role, o.IsVerifiedProvider })
            .SingleOrDefaultAsync(httpContext.RequestAborted);
        if (access is not null && access.Role.IsAtLeast(requirement.MinimumRole) && (!requirement.MustBeVerifiedProvider || access.IsVerifiedProvider))
        {
            context.Succeed(requirement);
        }
    }
}
