using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>Mails a new confirmation link to an account that still needs one; the answer is the same for any address.</summary>
[AllowAnonymous]
public sealed class ResendEmailConfirmationModel(UserManager<AppUser> users, AccountMail mail) : PageModel
{
    [BindProperty]
    public ResendInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await users.FindByEmailAsync(Input.Email.Trim()) is { } user && !await users.IsEmailConfirmedAsync(user))
        {
            await mail.SendConfirmationAsync(users, user, cancellationToken);
        }

        Sent = true;
        return Page();
    }

    public sealed class ResendInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }
}
