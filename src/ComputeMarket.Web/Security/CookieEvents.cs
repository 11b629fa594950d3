using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ComputeMarket.Web.Security;

/// <summary>
/// Browsers are sent to sign in; API callers get 401/403 problem details instead of a redirect. A signed-in
/// person who may not open a page gets a real 403 (rendered by the error page), not a 200 "access denied" page.
/// </summary>
internal static class CookieEvents
{
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Events.OnRedirectToLogin = context => IsApi(context.Request)
            ? WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Sign in or send an API key.")
            : Redirect(context);
        options.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
            ? WriteProblemAsync(context, StatusCodes.Status403Forbidden, "You may not do this.")
            : Status(context, StatusCodes.Status403Forbidden);
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task WriteProblemAsync(RedirectContext<CookieAuthenticationOptions> context, int status, string detail)
    {
        context.Response.StatusCode = status;
        return TypedResults.Problem(detail: detail, statusCode: status).ExecuteAsync(context.HttpContext);
    }
}
