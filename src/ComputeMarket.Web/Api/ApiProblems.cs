using Microsoft.AspNetCore.Http;

namespace ComputeMarket.Web.Api;

/// <summary>
/// A problem the framework answers on its own (a body that does not bind, an unknown route, a method the endpoint
/// does not take) says in words what to do about it, as the app's own problems do.
/// </summary>
internal static class ApiProblems
{
    public static void Describe(ProblemDetailsContext context)
    {
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status400BadRequest => "The request could not be read. Check that the body is valid JSON of the documented shape and that every value has the documented type.",
            StatusCodes.Status401Unauthorized => "Sign in first.",
            StatusCodes.Status403Forbidden => "You may not do this here.",
            StatusCodes.Status404NotFound => "There is nothing at this address.",
            StatusCodes.Status405MethodNotAllowed => "This address does not take that method.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
            _ => null,
        };
    }
}
