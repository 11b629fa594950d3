namespace ComputeMarket.Web.Security;

/// <summary>
/// Adds the browser-hardening headers to every response: pages, the API, static files, error pages and 404s.
/// They are set when the response starts, so an exception handler that clears the response does not lose them.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Scripts only from our own files; no inline script, no plugins, no framing by anyone.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The Hangfire dashboard and the API reference (Scalar) write inline scripts of their own, so their pages get a
    /// policy that allows them; everything else in the policy stays as strict as the rest of the site. Neither shows
    /// anything a visitor typed.
    /// </summary>
    public const string HangfireContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string HangfirePath = "/hangfire";

    /// <summary>The browsable API reference (linked from the footer).</summary>
    public const string ApiReferencePath = "/api-reference";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var hangfire = context.Request.Path.StartsWithSegments(HangfirePath) || context.Request.Path.StartsWithSegments(ApiReferencePath);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = hangfire ? HangfireContentSecurityPolicy : ContentSecurityPolicy;
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers.Remove("Server");
                return Task.CompletedTask;
            });
            return next(context);
        });
}
