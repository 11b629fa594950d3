using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>The account's address: a new one is mailed a link and takes effect when it is followed.</summary>
public sealed class EmailModel(UserManager<AppUser> users, AccountMail mail, IStringLocalizer<EmailModel> text) : PageModel
{
    public string Email { get; private set; } = "";

    public bool IsEmailConfirmed { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeEmailAsync(CancellationToken cancellationToken)
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

        var newEmail = Input.NewEmail.Trim();
        if (string.Equals(newEmail, await users.GetEmailAsync(user), StringComparison.OrdinalIgnoreCase))
        {
            StatusMessage = text["Your address is unchanged."];
            return RedirectToPage();
        }

        await mail.SendEmailChangeAsync(users, user, newEmail, cancellationToken);
        StatusMessage = text["We have sent a link to the new address. Follow it to make the change."];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSendVerificationEmailAsync(CancellationToken cancellationToken)
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

        await mail.SendConfirmationAsync(users, user, cancellationToken);
        StatusMessage = text["We have sent a new confirmation link. Check your email."];
        return RedirectToPage();
    }

    private async Task LoadAsync(AppUser user)
    {
        Email = await users.GetEmailAsync(user) ?? "";
        IsEmailConfirmed = await users.IsEmailConfirmedAsync(user);
    }

    public sealed class EmailInput
    {
        [Required(ErrorMessage = "Enter the new email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(256, ErrorMessage = "An email address has at most {1} characters.")]
        [Display(Name = "New email address")]
        public string NewEmail { get; set; } = "";
    }
}
