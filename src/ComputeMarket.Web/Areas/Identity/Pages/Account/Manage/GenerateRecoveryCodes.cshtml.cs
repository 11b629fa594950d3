using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>Replaces the account's recovery codes with ten new ones, shown once (a guard requires two-factor sign-in on).</summary>
public sealed class GenerateRecoveryCodesModel(UserManager<AppUser> users, IStringLocalizer<GenerateRecoveryCodesModel> text, ILogger<GenerateRecoveryCodesModel> logger) : PageModel
{
    public const int CodeCount = 10;

    [TempData]
    public string[]? RecoveryCodes { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync() => await users.GetUserAsync(User) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, CodeCount) ?? []];
        logger.LogInformation("{UserId} made new recovery codes.", user.Id);
        StatusMessage = text["You have new recovery codes."];
        return RedirectToPage("./ShowRecoveryCodes");
    }
}
