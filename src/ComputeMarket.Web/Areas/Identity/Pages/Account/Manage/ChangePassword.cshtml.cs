using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>A new password for the account, given the current one; every rule the new one breaks is shown at once.</summary>
public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, IStringLocalizer<ChangePasswordModel> text, ILogger<ChangePasswordModel> logger) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        return await users.HasPasswordAsync(user) ? Page() : RedirectToPage("./SetPassword");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, Input.OldPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "Input.OldPassword" : "Input.NewPassword", error.Description);
            }

            return Page();
        }

        await signInManager.RefreshSignInAsync(user);
        logger.LogInformation("{UserId} changed their password.", user.Id);
        StatusMessage = text["Your password has been changed."];
        return RedirectToPage();
    }

    public sealed class ChangePasswordInput
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string OldPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [DataType(DataType.Password)]
        [Display(Name = "Repeat the new password")]
        [Compare(nameof(NewPassword), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
