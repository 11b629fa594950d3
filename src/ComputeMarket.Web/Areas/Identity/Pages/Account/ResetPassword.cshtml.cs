using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Replaces the stock reset page, which told a real account's bad link or weak password apart from an unknown
/// address. Here the password rules are checked first, for anyone; then a link that does not fit the address says
/// the same thing whether or not the address has an account.
/// </summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<AppUser> users, IStringLocalizer<ResetPasswordModel> text) : PageModel
{
    public const string BadLink = "This reset link is not valid for this email address, or it has expired. Ask for a new one.";

    [BindProperty]
    public ResetInput Input { get; set; } = new();

    public IActionResult OnGet(string? code)
    {
        if (code is null)
        {
            return BadRequest();
        }

        Input.Code = code;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, new AppUser(), Input.Password);
            foreach (var error in check.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is not null && AccountTokens.Decode(Input.Code) is { } token && (await users.ResetPasswordAsync(user, token, Input.Password)).Succeeded)
        {
            return RedirectToPage("./ResetPasswordConfirmation");
        }

        ModelState.AddModelError(string.Empty, text[BadLink]);
        return Page();
    }

    public sealed class ResetInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Display(Name = "Repeat the new password")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";

        [Required]
        public string Code { get; set; } = "";
    }
}
