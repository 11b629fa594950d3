using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>Turns two-factor sign-in off (a guard sends an account without it back to the overview).</summary>
public sealed class Disable2faModel(UserManager<AppUser> users, IStringLocalizer<Disable2faModel> text, ILogger<Disable2faModel> logger) : PageModel
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

        var result = await users.SetTwoFactorEnabledAsync(user, false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Two-factor sign-in could not be turned off for {user.Id}.");
        }

        logger.LogInformation("{UserId} turned two-factor sign-in off.", user.Id);
        StatusMessage = text["Two-factor sign-in is off. You can turn it on again with your authenticator app."];
        return RedirectToPage("./TwoFactorAuthentication");
    }
}
