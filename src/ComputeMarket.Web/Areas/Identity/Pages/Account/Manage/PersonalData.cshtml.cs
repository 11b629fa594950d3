using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>What the account keeps about the person, with the ways to take a copy or erase it.</summary>
public sealed class PersonalDataModel(UserManager<AppUser> users) : PageModel
{
    public async Task<IActionResult> OnGetAsync() => await users.GetUserAsync(User) is null ? NotFound() : Page();
}
