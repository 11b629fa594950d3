using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>Signs out, then returns to the address given (a guard keeps it on this site) or says so on this page.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> signInManager, ILogger<LogoutModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        await signInManager.SignOutAsync();
        logger.LogInformation("Signed out.");
        return returnUrl is null ? RedirectToPage() : LocalRedirect(returnUrl);
    }
}
