using System.Text;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>The link of the confirmation mail: confirms the address of the account it names.</summary>
[AllowAnonymous]
public sealed class ConfirmEmailModel(UserManager<AppUser> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? userId, string? code)
    {
        if (userId is null || code is null)
        {
            return RedirectToPage("/Index", new { area = "" });
        }

        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return NotFound();
        }

        Confirmed = AccountTokens.Decode(code) is { } token && (await users.ConfirmEmailAsync(user, token)).Succeeded;
        return Page();
    }
}

/// <summary>The tokens of account links travel Base64Url-encoded; a mangled one is no token at all.</summary>
internal static class AccountTokens
{
    public static string? Decode(string code)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
