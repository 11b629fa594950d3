using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Infrastructure.Identity;

public static class AppClaims
{
    /// <summary>The language a person chose for their account; the site speaks it on every device they sign in on.</summary>
    public const string Language = "cm:language";
}

/// <summary>Adds the account's chosen language to the sign-in cookie, so a request need not read the user row to know it.</summary>
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.PreferredLanguage))
        {
            identity.AddClaim(new Claim(AppClaims.Language, user.PreferredLanguage));
        }

        return identity;
    }
}
