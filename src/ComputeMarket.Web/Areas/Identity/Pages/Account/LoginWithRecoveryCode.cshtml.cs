using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>The second step of a password sign-in with a recovery code instead of the authenticator app.</summary>
[AllowAnonymous]
public sealed class LoginWithRecoveryCodeModel(SignInManager<AppUser> signInManager, IStringLocalizer<LoginWithRecoveryCodeModel> text, ILogger<LoginWithRecoveryCodeModel> logger) : PageModel
{
    [BindProperty]
    public RecoveryCodeInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await signInManager.TwoFactorRecoveryCodeSignInAsync(Input.RecoveryCode.Replace(" ", "", StringComparison.Ordinal));
        if (outcome.Succeeded)
        {
            logger.LogInformation("A sign-in completed with a recovery code.");
            return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/dashboard");
        }

        if (outcome.IsLockedOut)
        {
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError("Input.RecoveryCode", text["This recovery code is not valid, or it was used already."]);
        return Page();
    }

    public sealed class RecoveryCodeInput
    {
        [Required(ErrorMessage = "Enter a recovery code.")]
        [DataType(DataType.Text)]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
    }
}
