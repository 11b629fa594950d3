using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>The link of the address-change mail: the account takes the new address, as its sign-in name too.</summary>
[AllowAnonymous]
public sealed class ConfirmEmailChangeModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager) : PageModel
{
    public bool Changed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? userId, string? email, string? code)
    {
        if (userId is null || email is null || code is null)
        {
            return RedirectToPage("/Index", new { area = "" });
        }

        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return NotFound();
        }

        // The user name is the address: both change, or the change is reported as failed.
        Changed = AccountTokens.Decode(code) is { } token
            && (await users.ChangeEmailAsync(user, email, token)).Succeeded
            && (await users.SetUserNameAsync(user, email)).Succeeded;
        if (Changed && signInManager.IsSignedIn(User) && users.GetUserId(User) == user.Id)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        return Page();
    }
}
