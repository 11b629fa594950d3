using ComputeMarket.Application.Common.Results;

namespace ComputeMarket.Web.Results;

/// <summary>How the API shows a use case's result: the value, or RFC 7807 problem details.</summary>
public static class ResultHttpExtensions
{
    public static IResult ToHttpResult<T>(this Result<T> result, Func<T, IResult> onSuccess) =>
        result.Succeeded ? onSuccess(result.Value) : result.ToProblem();

    public static IResult ToHttpResult(this Result result) =>
        result.Succeeded ? TypedResults.NoContent() : result.ToProblem();

    public static IResult ToProblem(this Result result) => result.Status switch
    {
        ResultStatus.Invalid => TypedResults.ValidationProblem(result.Errors.ToDictionary(e => Camel(e.Key), e => e.Value), detail: result.Message),
        ResultStatus.NotFound => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status404NotFound),
        ResultStatus.Forbidden => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status403Forbidden),
        ResultStatus.Conflict => TypedResults.Problem(result.Message, statusCode: StatusCodes.Status409Conflict),
        _ => throw new InvalidOperationException("A successful result is not a problem."),
    };

    /// <summary>API clients see JSON names (camelCase), matching the request body they sent.</summary>
    private static string Camel(string name) =>
        string.Join('.', name.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
