using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Pages;

/// <summary>
/// The language switch in the header: remembers the choice in a cookie and, for a signed-in person, on the account
/// (so every device they sign in on speaks it), then returns to the page it was made on.
/// </summary>
[AllowAnonymous]
public sealed class LanguageModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, IStringLocalizer<LanguageModel> localizer)
    : PageModel, IFormPage
{
    [BindProperty]
    public string? Language { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public Task<IActionResult?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<IActionResult?>(null);

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var language = Languages.Supported.FirstOrDefault(supported => supported == Language);
        if (language is null)
        {
            ModelState.AddModelError(nameof(Language), localizer["Choose 中文 or English."]);
            return Page();
        }

        Response.RememberLanguage(language, Request.IsHttps);
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user && user.PreferredLanguage != language)
        {
            user.PreferredLanguage = language;
            var saved = await users.UpdateAsync(user);
            if (saved.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
            }
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
