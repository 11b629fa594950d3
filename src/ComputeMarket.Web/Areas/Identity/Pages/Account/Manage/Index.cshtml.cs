using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>"Your account": the name and address the account goes by, and a phone number the person may keep there.</summary>
public sealed class IndexModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, IStringLocalizer<IndexModel> text) : PageModel
{
    public string DisplayName { get; private set; } = "";

    public string Email { get; private set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public ProfileInput Input { get; set; } = new();

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

        var phoneNumber = string.IsNullOrWhiteSpace(Input.PhoneNumber) ? null : Input.PhoneNumber.Trim();
        if (phoneNumber != await users.GetPhoneNumberAsync(user))
        {
            var result = await users.SetPhoneNumberAsync(user, phoneNumber);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    ModelState.AddModelError("Input.PhoneNumber", error.Description);
                }

                await LoadAsync(user);
                return Page();
            }
        }

        await signInManager.RefreshSignInAsync(user);
        StatusMessage = text["Your profile has been saved."];
        return RedirectToPage();
    }

    private async Task LoadAsync(AppUser user)
    {
        DisplayName = user.DisplayName;
        Email = await users.GetEmailAsync(user) ?? "";
        Input.PhoneNumber ??= await users.GetPhoneNumberAsync(user);
    }

    public sealed class ProfileInput
    {
        [Phone(ErrorMessage = "Enter a valid phone number.")]
        [StringLength(32, ErrorMessage = "A phone number has at most {1} characters.")]
        [Display(Name = "Phone number")]
        public string? PhoneNumber { get; set; }
    }
}
