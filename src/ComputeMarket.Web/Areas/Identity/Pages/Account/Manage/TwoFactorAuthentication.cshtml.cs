using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>Where two-factor sign-in stands for the account, with the ways to set it up, renew it or turn it off.</summary>
public sealed class TwoFactorAuthenticationModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, IStringLocalizer<TwoFactorAuthenticationModel> text) : PageModel
{
    public bool HasAuthenticator { get; private set; }

    public bool Is2faEnabled { get; private set; }

    public bool IsMachineRemembered { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        HasAuthenticator = await users.GetAuthenticatorKeyAsync(user) is not null;
        Is2faEnabled = await users.GetTwoFactorEnabledAsync(user);
        IsMachineRemembered = await signInManager.IsTwoFactorClientRememberedAsync(user);
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        return Page();
    }

    /// <summary>Forgets this browser: the next sign-in here asks for a code again.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is null)
        {
            return NotFound();
        }

        await signInManager.ForgetTwoFactorClientAsync();
        StatusMessage = text["This browser is forgotten: the next sign-in here asks for a code again."];
        return RedirectToPage();
    }
}
