using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Organizations;
using Microsoft.AspNetCore.Authorization;

namespace ComputeMarket.Web.Security;

/// <summary>
/// The authorization policies of the site. The organization policies read the organization from the route
/// value <c>orgId</c>, so a page or endpoint under <c>/org/{orgId}</c> is protected by its attribute alone.
/// </summary>
public static class Policies
{
    public const string OrganizationMember = nameof(OrganizationMember);
    public const string OrganizationOwner = nameof(OrganizationOwner);
    public const string VerifiedProvider = nameof(VerifiedProvider);
    public const string VerifiedProviderOwner = nameof(VerifiedProviderOwner);
    public const string Administrator = nameof(Administrator);
    public const string AuditorOrAdministrator = nameof(AuditorOrAdministrator);

    /// <summary>A metering key (a verified provider's agent): reports usage, lists the allocations it serves.</summary>
    public const string MeteringKey = nameof(MeteringKey);

    /// <summary>A usage key, or a metering key (which reads the usage it served).</summary>
    public const string UsageKey = nameof(UsageKey);

    public const string OrganizationRouteKey = "orgId";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(OrganizationMember, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRequirement(MembershipRole.Viewer, MustBeVerifiedProvider: false)));
        options.AddPolicy(OrganizationOwner, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRequirement(MembershipRole.Owner, MustBeVerifiedProvider: false)));
        options.AddPolicy(VerifiedProvider, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRequirement(MembershipRole.Viewer, MustBeVerifiedProvider: true)));
        options.AddPolicy(VerifiedProviderOwner, p => p.RequireAuthenticatedUser().AddRequirements(new OrganizationRequirement(MembershipRole.Owner, MustBeVerifiedProvider: true)));
        options.AddPolicy(Administrator, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.Administrator));
        options.AddPolicy(AuditorOrAdministrator, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.Administrator, PlatformRoles.Auditor));
        options.AddPolicy(MeteringKey, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, nameof(ApiKeyScope.Metering)));
        options.AddPolicy(UsageKey, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, nameof(ApiKeyScope.Usage), nameof(ApiKeyScope.Metering)));
    }
}

/// <summary>The caller must hold at least <paramref name="MinimumRole"/> (by <see cref="MembershipRoles.Rank"/>) in the route's organization.</summary>
public sealed record OrganizationRequirement(MembershipRole MinimumRole, bool MustBeVerifiedProvider) : IAuthorizationRequirement;
