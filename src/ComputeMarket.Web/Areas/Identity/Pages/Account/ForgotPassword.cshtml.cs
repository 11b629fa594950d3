using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Asks for a password-reset link. The answer is the same whether or not the address has a confirmed account; only
/// a confirmed one is mailed, in its owner's language.
/// </summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel(UserManager<AppUser> users, AccountMail mail) : PageModel
{
    [BindProperty]
    public ForgotPasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await users.FindByEmailAsync(Input.Email.Trim()) is { } user && await users.IsEmailConfirmedAsync(user))
        {
            await mail.SendPasswordResetAsync(users, user, cancellationToken);
        }

        return RedirectToPage("./ForgotPasswordConfirmation");
    }

    public sealed class ForgotPasswordInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }
}
