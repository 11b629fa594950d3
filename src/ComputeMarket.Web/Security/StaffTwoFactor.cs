using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Security;

/// <summary>
/// Administrators and auditors sign in with a second factor (an authenticator app, with recovery codes). A staff
/// account without one — the bootstrap administrator on its first sign-in, say — is sent to set it up and can open
/// nothing else until it has. On by default; <c>Security:RequireTwoFactorForStaff=false</c> turns it off, as the
/// Development settings do so that the demo logins keep working with their password alone.
/// </summary>
public static class StaffTwoFactor
{
    public const string SettingKey = "Security:RequireTwoFactorForStaff";
    public const string SetupPath = "/Identity/Account/Manage/EnableAuthenticator";

    /// <summary>What a staff member without a second factor may still open: the setup itself, sign-in and sign-out, assets.</summary>
    private static readonly string[] Allowed =
    [
        "/Identity/Account/Manage/TwoFactorAuthentication",
        SetupPath,
        "/Identity/Account/Manage/ShowRecoveryCodes",
        "/Identity/Account/Manage/GenerateRecoveryCodes",
        "/Identity/Account/Manage/ResetAuthenticator",
        "/Identity/Account/Login",
        "/Identity/Account/LoginWith2fa",
        "/Identity/Account/LoginWithRecoveryCode",
        "/Identity/Account/Logout",
        "/Error",
        "/health",
        "/css",
        "/js",
        "/lib",
        "/favicon.ico",
    ];

    public static WebApplication UseStaffTwoFactor(this WebApplication app)
    {
        if (!app.Configuration.GetValue(SettingKey, true))
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            var user = context.User;
            var staff = user.Identity?.IsAuthenticated == true && (user.IsInRole(PlatformRoles.Administrator) || user.IsInRole(PlatformRoles.Auditor));
            if (!staff || Allowed.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
            {
                await next(context);
                return;
            }

            var users = context.RequestServices.GetRequiredService<UserManager<AppUser>>();
            if (await users.GetUserAsync(user) is { TwoFactorEnabled: true })
            {
                await next(context);
                return;
            }

            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status403Forbidden, Detail = context.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(StaffTwoFactor))["Administrators and auditors set up two-factor sign-in before anything else."] },
                });
                return;
            }

            context.Response.Redirect($"{SetupPath}?required=staff");
        });
        return app;
    }
}
