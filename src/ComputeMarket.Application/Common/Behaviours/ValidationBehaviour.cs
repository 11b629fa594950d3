using System.Collections.Concurrent;
using System.Reflection;
using ComputeMarket.Application.Common.Results;
using FluentValidation;
using MediatR;

namespace ComputeMarket.Application.Common.Behaviours;

/// <summary>
/// Runs every FluentValidation validator of a request before its handler. A request that answers with a
/// <see cref="Result"/> gets an Invalid result (field → messages); any other request gets a
/// <see cref="ValidationException"/>, which the web layer turns into RFC 7807 problem details.
/// </summary>
public sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!validators.Any())
        {
            return await next();
        }

        var context = new ValidationContext<TRequest>(request);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var outcome = await validator.ValidateAsync(context, cancellationToken);
            failures.AddRange(outcome.Errors);
        }

        if (failures.Count == 0)
        {
            return await next();
        }

        var errors = failures
            .GroupBy(f => f.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);

        return InvalidResultFactory.TryCreate<TResponse>(errors, out var invalid)
            ? invalid
            : throw new ValidationException(failures);
    }
}

internal static class InvalidResultFactory
{
    private static readonly ConcurrentDictionary<Type, Func<IReadOnlyDictionary<string, string[]>, object>?> Factories = new();

    public static bool TryCreate<TResponse>(IReadOnlyDictionary<string, string[]> errors, out TResponse result)
    {
        var factory = Factories.GetOrAdd(typeof(TResponse), Build);
        result = factory is null ? default! : (TResponse)factory(errors);
        return factory is not null;
    }

    private static Func<IReadOnlyDictionary<string, string[]>, object>? Build(Type responseType)
    {
        if (!typeof(Result).IsAssignableFrom(responseType))
        {
            return null;
        }

        var invalid = responseType.GetMethod(
            nameof(Result.Invalid),
            BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly,
            [typeof(IReadOnlyDictionary<string, string[]>)])!;
        return errors => invalid.Invoke(null, [errors])!;
    }
}
