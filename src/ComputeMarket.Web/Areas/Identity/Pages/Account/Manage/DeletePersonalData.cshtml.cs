using System.ComponentModel.DataAnnotations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Results;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Replaces the stock page, which deleted the account row and failed on the records that point at it. Here the
/// person is erased instead (see <see cref="PersonalDataEraser"/>) and signed out.
/// </summary>
[Authorize]
public sealed class DeletePersonalDataModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, PersonalDataEraser eraser, IStringLocalizer<DeletePersonalDataModel> text, ILogger<DeletePersonalDataModel> logger) : PageModel
{
    [BindProperty]
    public EraseInput Input { get; set; } = new();

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (!await users.CheckPasswordAsync(user, Input.Password))
        {
            ModelState.AddModelError("Input.Password", text["The password is wrong."]);
            return Page();
        }

        var result = await eraser.EraseAsync(user.Id, cancellationToken);
        if (!result.Succeeded)
        {
            return this.Failure(result);
        }

        await signInManager.SignOutAsync();
        logger.LogInformation("Account {UserId} erased at its owner's request.", user.Id);
        return Redirect("~/");
    }

    public sealed class EraseInput
    {
        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";
    }
}
