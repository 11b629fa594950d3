using System.ComponentModel.DataAnnotations;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Results;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Sign-up: the person founds an organization and owns it, or (with an invitation link) joins one as a member.
/// No email confirmation is asked for; the mail sender only logs.
/// </summary>
[AllowAnonymous]
public sealed class RegisterModel(IMediator mediator, SignInManager<AppUser> signInManager) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "invitation")]
    public string? Invitation { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await mediator.Send(
            new RegisterAccount(Input.Email, Input.Password, Input.DisplayName, Invitation is null ? Input.OrganizationName : null, Invitation),
            cancellationToken);
        if (!result.Succeeded)
        {
            return this.Failure(result);
        }

        var user = await signInManager.UserManager.FindByIdAsync(result.Value.UserId);
        await signInManager.SignInAsync(user!, isPersistent: false);
        return Invitation is null ? Redirect("/dashboard") : Redirect($"/org/{result.Value.OrganizationId}");
    }

    public sealed class RegisterInput
    {
        [Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Display(Name = "Organization name")]
        public string? OrganizationName { get; set; }

        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Display(Name = "Repeat the password")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
