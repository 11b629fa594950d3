using System.ComponentModel.DataAnnotations;
using ComputeMarket.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the stock Identity UI login page, which signs in without counting failures: here five wrong
/// passwords lock the account for fifteen minutes, and an address without an account gets the very same answers.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(AccountSignIn accountSignIn, IStringLocalizer<LoginModel> text) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task OnGetAsync()
    {
        // A fresh sign-in starts without a stale external cookie.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        switch (await accountSignIn.SignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe))
        {
            case SignInAnswer.SignedIn:
                return LocalRedirect(SafeReturnUrl());
            case SignInAnswer.TwoFactorRequired:
                return RedirectToPage("./LoginWith2fa", new { ReturnUrl = SafeReturnUrl(), Input.RememberMe });
            case SignInAnswer.LockedOut:
                return RedirectToPage("./Lockout");
            case SignInAnswer.ConfirmationRequired:
                ModelState.AddModelError(string.Empty, text["Confirm your email address first: we have just mailed you a new link."]);
                return Page();
            default:
                ModelState.AddModelError(string.Empty, text["The email address or the password is wrong."]);
                return Page();
        }
    }

    private string SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/dashboard";

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }
}
