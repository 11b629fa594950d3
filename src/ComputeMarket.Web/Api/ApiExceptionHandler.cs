using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ComputeMarket.Web.Api;

/// <summary>
/// Turns an exception inside an API call into problem details: a validation failure that escaped a use case
/// becomes 400 with the field messages; anything else a 500 that shows no internals. Pages fall through to /Error.
/// The texts are keys: <see cref="ApiProblems.Describe"/> writes them in the request's language.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }

        ProblemDetails problem;
        if (exception is ValidationException validation)
        {
            problem = new HttpValidationProblemDetails(validation.Errors
                .GroupBy(e => e.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
            };
        }
        else if (exception is BadHttpRequestException badRequest)
        {
            problem = new ProblemDetails { Status = badRequest.StatusCode, Detail = ApiProblems.Unreadable };
        }
        else
        {
            logger.LogError(exception, "Unhandled exception in {Path}", httpContext.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Detail = ApiProblems.Failed };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
