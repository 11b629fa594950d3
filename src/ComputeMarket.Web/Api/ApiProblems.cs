using ComputeMarket.Application;
using ComputeMarket.Web.Security.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Api;

/// <summary>
/// Every problem the API answers (the app's own, and those the framework answers on its own: a body that does not
/// bind, an unknown route, a method the endpoint does not take) says in words what to do about it, in the request's
/// language: title, detail and field messages. <c>type</c>, <c>status</c> and the field names stay as they are.
/// </summary>
internal static class ApiProblems
{
    public const string Unreadable = "The request could not be read. Check that the body is valid JSON of the documented shape and that every value has the documented type.";
    public const string Failed = "Something went wrong on our side. Nothing was changed.";
    public const string TooManyRequests = "Too many requests from this caller. Try again in {0} seconds.";

    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var services = context.HttpContext.RequestServices;
        var factory = services.GetRequiredService<IStringLocalizerFactory>();
        var own = factory.Create(typeof(ApiProblems));
        var messages = services.GetRequiredService<IStringLocalizer<Messages>>();
        using var language = RequestLanguage.Apply(context.HttpContext);

        // Texts written in English elsewhere (the framework's titles, the results' default messages, the cookie and rate
        // limit answers) are keys of these resources; anything else was written in the request's language already.
        string Translate(string text) =>
            own[text] is { ResourceNotFound: false } found ? found.Value
            : messages[text] is { ResourceNotFound: false } message ? message.Value
            : text;

        problem.Title = Translate(problem.Title ?? DefaultTitle(problem.Status) ?? "Error");
        problem.Detail = problem.Status == StatusCodes.Status429TooManyRequests && context.HttpContext.Items[RateLimits.RetryAfterItem] is int seconds
            ? own[TooManyRequests, seconds].Value
            : problem.Detail is { } detail ? Translate(detail) : DefaultDetail(problem.Status) is { } fallback ? own[fallback].Value : null;
        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var field in validation.Errors.Keys.ToList())
            {
                validation.Errors[field] = [.. validation.Errors[field].Select(Translate)];
            }
        }
    }

    /// <summary>The framework's title for a status (the English key).</summary>
    private static string? DefaultTitle(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad Request",
        StatusCodes.Status401Unauthorized => "Unauthorized",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "Not Found",
        StatusCodes.Status405MethodNotAllowed => "Method Not Allowed",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "Payload Too Large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported Media Type",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        StatusCodes.Status500InternalServerError => "An error occurred while processing your request.",
        _ => null,
    };

    private static string? DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => Unreadable,
        StatusCodes.Status401Unauthorized => "Sign in first.",
        StatusCodes.Status403Forbidden => "You may not do this here.",
        StatusCodes.Status404NotFound => "There is nothing at this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not take that method.",
        StatusCodes.Status409Conflict => "This could not be done: something changed meanwhile. Reload and try again.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status429TooManyRequests => "Too many requests from this caller. Wait a moment and try again.",
        StatusCodes.Status500InternalServerError => Failed,
        _ => null,
    };
}
