using System.Diagnostics;
using ComputeMarket.Web.Security.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<ErrorModel> text) : PageModel
{
    public int Code { get; private set; }

    public string? RequestId { get; private set; }

    public (string Title, string Text) Message => Code switch
    {
        404 => (text["Page not found"].Value, text["The page you asked for does not exist, or it is not yours to see."].Value),
        403 => (text["You may not open this page"].Value, text["It belongs to an organization or a role you are not part of. If you think you should have access, ask an owner of that organization."].Value),
        400 => (text["That request could not be understood"].Value, text["Go back and check what you entered."].Value),
        405 => (text["This page does not take that request"].Value, text["Open the page and use its buttons and forms."].Value),
        429 => (text["Too many attempts"].Value, RetryAfterSeconds is { } seconds
            ? text["Wait {0} before trying again.", WaitText(seconds)].Value
            : text["Wait a few minutes before trying again."].Value),
        _ => (text["Something went wrong on our side"].Value, text["Nothing was changed. Try again in a moment; if it keeps happening, tell us the reference below."].Value),
    };

    /// <summary>How long the rate limiter asked the client to wait, when it turned this request away.</summary>
    public int? RetryAfterSeconds => HttpContext.Items[RateLimits.RetryAfterItem] as int?;

    public void OnGet(int? code) => Prepare(code);

    public void OnPost(int? code) => Prepare(code);

    private string WaitText(int seconds) => seconds < 90 ? text["{0} seconds", seconds].Value : text["about {0} minutes", (seconds + 59) / 60].Value;

    private void Prepare(int? code)
    {
        // Without a code the page reports an exception; opened directly, there is none, and the address is not a page.
        var failed = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        Code = code ?? (failed ? StatusCodes.Status500InternalServerError : StatusCodes.Status404NotFound);
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (code is null)
        {
            Response.StatusCode = Code;
        }
    }
}
