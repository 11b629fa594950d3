using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>Shows recovery codes just made, once; without them (a reload, a bookmark) it goes to the two-factor overview.</summary>
public sealed class ShowRecoveryCodesModel : PageModel
{
    [TempData]
    public string[]? RecoveryCodes { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public IActionResult OnGet() => RecoveryCodes is { Length: > 0 } ? Page() : RedirectToPage("./TwoFactorAuthentication");
}
