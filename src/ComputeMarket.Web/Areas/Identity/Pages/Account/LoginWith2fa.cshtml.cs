using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>The second step of a password sign-in that needs an authenticator code (a guard sends anyone without a pending sign-in back to the first).</summary>
[AllowAnonymous]
public sealed class LoginWith2faModel(SignInManager<AppUser> signInManager, IStringLocalizer<LoginWith2faModel> text, ILogger<LoginWith2faModel> logger) : PageModel
{
    [BindProperty]
    public TwoFactorInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

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

        var code = Input.TwoFactorCode.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var outcome = await signInManager.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberMachine);
        if (outcome.Succeeded)
        {
            logger.LogInformation("A sign-in completed with an authenticator code.");
            return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/dashboard");
        }

        if (outcome.IsLockedOut)
        {
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError("Input.TwoFactorCode", text["This code is not right. Enter the code your app shows now."]);
        return Page();
    }

    public sealed class TwoFactorInput
    {
        [Required(ErrorMessage = "Enter the code from your authenticator app.")]
        [StringLength(7, MinimumLength = 6, ErrorMessage = "The code has six digits.")]
        [DataType(DataType.Text)]
        [Display(Name = "Authenticator code")]
        public string TwoFactorCode { get; set; } = "";

        [Display(Name = "Do not ask again on this browser")]
        public bool RememberMachine { get; set; }
    }
}
