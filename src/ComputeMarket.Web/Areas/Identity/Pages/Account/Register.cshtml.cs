using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Localization;
using ComputeMarket.Web.Results;
using ComputeMarket.Web.Security;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Sign-up: the person founds an organization and owns it, or (with an invitation link) joins one as a member.
/// The page answers the same whether or not the address already has an account ("check your email"): a new
/// account gets a link to confirm the address before its first sign-in, an existing one's owner gets a note that
/// someone tried. Only input that is wrong whoever sends it (a short password, a missing name) is shown on the form.
/// </summary>
[AllowAnonymous]
public sealed class RegisterModel(IMediator mediator, UserManager<AppUser> users, AccountMail mail, IdentityErrorDescriber describer) : PageModel
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
        if (!result.Succeeded && !IsOnlyTheTakenAddress(result))
        {
            // Before the address is read: an empty field binds as null.
            return this.Failure(result);
        }

        var email = Input.Email.Trim();
        if (result.Succeeded)
        {
            // The language the person signed up in is theirs until they choose another: their mail and pages follow it.
            var user = (await users.FindByIdAsync(result.Value.UserId))!;
            user.PreferredLanguage = Languages.Match(CultureInfo.CurrentUICulture.Name);
            await users.UpdateAsync(user);
            await mail.SendConfirmationAsync(users, user, cancellationToken);
        }
        else if (await users.FindByEmailAsync(email) is { } owner)
        {
            await mail.SendSignUpAttemptAsync(owner, cancellationToken);
        }

        return RedirectToPage("./RegisterConfirmation", new { email });
    }

    /// <summary>
    /// Identity checks the password before the address, so a taken address with otherwise good input fails on the
    /// address alone; any other failure would have happened for a new address too.
    /// </summary>
    private bool IsOnlyTheTakenAddress(Result result) =>
        result.Status == ResultStatus.Invalid
        && result.Errors.Count == 1
        && result.Errors.TryGetValue("Email", out var messages)
        && messages.All(m => m == describer.DuplicateEmail(Input.Email).Description);

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
