using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
