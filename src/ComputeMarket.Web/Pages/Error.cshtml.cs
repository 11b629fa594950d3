using System.Diagnostics;
using ComputeMarket.Web.Security.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string? RequestId { get; private set; }

    public (string Title, string Text) Message => Code switch
    {
        404 => ("Page not found", "The page you asked for does not exist, or it is not yours to see."),
        403 => ("You may not open this page", "It belongs to an organization or a role you are not part of. If you think you should have access, ask an owner of that organization."),
        400 => ("That request could not be understood", "Go back and check what you entered."),
        405 => ("This page does not take that request", "Open the page and use its buttons and forms."),
        429 => ("Too many attempts", RetryAfterSeconds is { } seconds
            ? $"Wait {WaitText(seconds)} before trying again."
            : "Wait a few minutes before trying again."),
        _ => ("Something went wrong on our side", "Nothing was changed. Try again in a moment; if it keeps happening, tell us the reference below."),
    };

    /// <summary>How long the rate limiter asked the client to wait, when it turned this request away.</summary>
    public int? RetryAfterSeconds => HttpContext.Items[RateLimits.RetryAfterItem] as int?;

    public void OnGet(int? code) => Prepare(code);

    public void OnPost(int? code) => Prepare(code);

    private static string WaitText(int seconds) => seconds < 90 ? $"{seconds} seconds" : $"about {(seconds + 59) / 60} minutes";

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
