namespace ComputeMarket.Application.Common.Results;

public enum ResultStatus
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>
/// The outcome of a use case. Expected failures (bad input, missing or foreign data, a lost race) are
/// values, not exceptions, so pages and the API map them the same way: field messages or 400, 404, 403, 409.
/// </summary>
public class Result
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    protected Result(ResultStatus status, string? message, IReadOnlyDictionary<string, string[]>? errors)
    {
        Status = status;
        Message = message;
        Errors = errors ?? NoErrors;
    }

    public ResultStatus Status { get; }

    /// <summary>A sentence for the person, set for every failure.</summary>
    public string? Message { get; }

    /// <summary>Field name → messages, for <see cref="ResultStatus.Invalid"/>.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public bool Succeeded => Status == ResultStatus.Ok;

    public static Result Ok() => new(ResultStatus.Ok, null, null);

    public static Result NotFound(string message = "Not found.") => new(ResultStatus.NotFound, message, null);

    public static Result Forbidden(string message = "You may not do this.") => new(ResultStatus.Forbidden, message, null);

    public static Result Conflict(string message) => new(ResultStatus.Conflict, message, null);

    public static Result Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(ResultStatus.Invalid, "Some of the values are not valid.", errors);

    public static Result Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>A <see cref="Result"/> that carries a value when it succeeds.</summary>
public sealed class Result<T> : Result
{
    private readonly T? _value;

    private Result(ResultStatus status, T? value, string? message, IReadOnlyDictionary<string, string[]>? errors)
        : base(status, message, errors)
    {
        _value = value;
    }

    /// <summary>The value; reading it from a failed result is a bug.</summary>
    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"A {Status} result has no value.");

    public static Result<T> Ok(T value) => new(ResultStatus.Ok, value, null, null);

    public static new Result<T> NotFound(string message = "Not found.") => new(ResultStatus.NotFound, default, message, null);

    public static new Result<T> Forbidden(string message = "You may not do this.") => new(ResultStatus.Forbidden, default, message, null);

    public static new Result<T> Conflict(string message) => new(ResultStatus.Conflict, default, message, null);

    public static new Result<T> Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(ResultStatus.Invalid, default, "Some of the values are not valid.", errors);

    public static new Result<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Carries a failure of another use case (or another value type) through unchanged.</summary>
    public static Result<T> From(Result failure) =>
        failure.Succeeded
            ? throw new InvalidOperationException("Only a failure can be carried over.")
            : new(failure.Status, default, failure.Message, failure.Errors);

    public static implicit operator Result<T>(T value) => Ok(value);
}
