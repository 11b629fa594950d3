using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Application.Tests.Localization;

/// <summary>
/// Every check of every validator says its own message (looked up in the request's language): FluentValidation's
/// default messages would name the property by its code name ("'Member User Id' must not be empty").
/// </summary>
public sealed class ValidatorMessageTests(SliceFixture fixture) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task Every_check_of_the_use_cases_validators_has_a_message_of_its_own()
    {
        var validated = typeof(Messages).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .SelectMany(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            .Select(i => i.GenericTypeArguments[0])
            .Distinct()
            .ToList();

        using var english = new CultureScope("en");
        var withoutMessage = await fixture.InScope(services => Task.FromResult(validated
            .SelectMany(type => services.GetServices(typeof(IValidator<>).MakeGenericType(type)).Cast<IValidator>())
            .SelectMany(validator => validator.CreateDescriptor().Rules.SelectMany(rule => rule.Components
                .Where(component => component.Validator is not IChildValidatorAdaptor && SaysTheDefaultMessage(component))
                .Select(component => $"{validator.GetType().Name}.{rule.PropertyName}: {component.Validator.Name}")))
            .ToList()));

        Assert.True(validated.Count > 10);
        Assert.Empty(withoutMessage);
    }

    /// <summary>
    /// Whether a check would say FluentValidation's default message. A message of our own is made from the request, so
    /// asked for without one it may fail: that is a message of our own too.
    /// </summary>
    private static bool SaysTheDefaultMessage(IRuleComponent component)
    {
        try
        {
            return component.GetUnformattedErrorMessage() == component.Validator.GetDefaultMessageTemplate(component.ErrorCode);
        }
        catch (NullReferenceException)
        {
            return false;
        }
    }
}
