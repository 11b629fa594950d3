using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Razor.Hosting;

namespace ComputeMarket.Web.Security;

/// <summary>
/// Stock account pages of the Identity UI that this app cannot honour get no route (404):
/// <list type="bullet">
/// <item>two-factor sign-in and its setup: our sign-in page asks for no second factor, so a person who turned it on
/// could no longer sign in, and several of these pages fail (500) when opened without it;</item>
/// <item>external logins: no provider is configured;</item>
/// <item>sign-up confirmation and password reset by mail: sign-up confirms nothing, mail is only logged, and the
/// stock reset page fails (500) on a code that is not Base64;</item>
/// <item>deleting one's personal data: a person owns organizations and ledger history, and the stock page fails (500)
/// on an empty password.</item>
/// </list>
/// A page the app implements itself at the same path is served as usual.
/// </summary>
public sealed class UnservedIdentityPages : IPageRouteModelConvention
{
    private static readonly HashSet<string> Unserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "/Account/LoginWith2fa",
        "/Account/LoginWithRecoveryCode",
        "/Account/Manage/TwoFactorAuthentication",
        "/Account/Manage/EnableAuthenticator",
        "/Account/Manage/Disable2fa",
        "/Account/Manage/GenerateRecoveryCodes",
        "/Account/Manage/ResetAuthenticator",
        "/Account/Manage/ShowRecoveryCodes",
        "/Account/ExternalLogin",
        "/Account/Manage/ExternalLogins",
        "/Account/RegisterConfirmation",
        "/Account/ForgotPassword",
        "/Account/ForgotPasswordConfirmation",
        "/Account/ResetPassword",
        "/Account/ResetPasswordConfirmation",
        "/Account/Manage/DeletePersonalData",
    };

    private static readonly HashSet<string> OwnPages = typeof(UnservedIdentityPages).Assembly
        .GetCustomAttributes<RazorCompiledItemAttribute>()
        .Select(item => item.Identifier)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public void Apply(PageRouteModel model)
    {
        if (string.Equals(model.AreaName, "Identity", StringComparison.OrdinalIgnoreCase)
            && Unserved.Contains(model.ViewEnginePath)
            && !OwnPages.Contains(model.RelativePath))
        {
            model.Selectors.Clear();
        }
    }
}
