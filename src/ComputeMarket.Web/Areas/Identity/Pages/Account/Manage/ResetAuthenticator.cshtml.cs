using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>A new authenticator key (the old app stops working), two-factor off until the new key is set up.</summary>
public sealed class ResetAuthenticatorModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, IStringLocalizer<ResetAuthenticatorModel> text, ILogger<ResetAuthenticatorModel> logger) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync() => await users.GetUserAsync(User) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        logger.LogInformation("{UserId} reset their authenticator key.", user.Id);
        await signInManager.RefreshSignInAsync(user);
        StatusMessage = text["Your authenticator key is reset. Set up your app with the new key below."];
        return RedirectToPage("./EnableAuthenticator");
    }
}
