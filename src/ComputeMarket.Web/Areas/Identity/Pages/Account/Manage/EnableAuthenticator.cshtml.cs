using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Sets up an authenticator app: shows the account's key (made on first visit) and turns two-factor sign-in on once
/// the app's code checks out; the first time, ten recovery codes are made and shown. Staff without a second factor
/// are sent here (<see cref="Security.StaffTwoFactor"/>).
/// </summary>
public sealed class EnableAuthenticatorModel(UserManager<AppUser> users, UrlEncoder urlEncoder, IStringLocalizer<EnableAuthenticatorModel> text, ILogger<EnableAuthenticatorModel> logger) : PageModel
{
    private const string Issuer = "ComputeMarket";

    public string SharedKey { get; private set; } = "";

    public string AuthenticatorUri { get; private set; } = "";

    [TempData]
    public string[]? RecoveryCodes { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public AuthenticatorInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code", text["This code is not right. Enter the code your app shows now."]);
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        logger.LogInformation("{UserId} turned two-factor sign-in on with an authenticator app.", user.Id);
        StatusMessage = text["Your authenticator app is set up: two-factor sign-in is on."];
        if (await users.CountRecoveryCodesAsync(user) == 0)
        {
            RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, GenerateRecoveryCodesModel.CodeCount) ?? []];
            return RedirectToPage("./ShowRecoveryCodes");
        }

        return RedirectToPage("./TwoFactorAuthentication");
    }

    private async Task LoadAsync(AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        SharedKey = Grouped(key);
        var email = await users.GetEmailAsync(user) ?? "";
        AuthenticatorUri = $"otpauth://totp/{urlEncoder.Encode(Issuer)}:{urlEncoder.Encode(email)}?secret={key}&issuer={urlEncoder.Encode(Issuer)}&digits=6";
    }

    /// <summary>The key in groups of four, lowercase, as people type it.</summary>
    private static string Grouped(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return grouped.ToString().TrimEnd().ToLowerInvariant();
    }

    public sealed class AuthenticatorInput
    {
        [Required(ErrorMessage = "Enter the code from your authenticator app.")]
        [StringLength(7, MinimumLength = 6, ErrorMessage = "The code has six digits.")]
        [DataType(DataType.Text)]
        [Display(Name = "Verification code")]
        public string Code { get; set; } = "";
    }
}
