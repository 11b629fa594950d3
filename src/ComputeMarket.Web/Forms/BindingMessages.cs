using Microsoft.AspNetCore.Mvc;

namespace ComputeMarket.Web.Forms;

/// <summary>
/// The messages a person sees when a value cannot be read, shown at the field itself, so they need not name it.
/// </summary>
public static class BindingMessages
{
    public const string EnterANumber = "Enter a number.";
    public const string EnterAValue = "Enter a value.";
    public const string NotValid = "This value is not valid here.";

    public static string NotANumber(string sent, bool whole) => whole
        ? $"“{Shorten(sent)}” is not a whole number in range: enter digits only, like 1000000."
        : $"“{Shorten(sent)}” is not a number: enter digits with an optional decimal point, like 12.50.";

    public static string Unreadable(string sent) => $"“{Shorten(sent)}” is not a valid value here.";

    /// <summary>Strict numbers, yes/no values and choices, the messages above for every other value, and the filter that acts on them.</summary>
    public static MvcOptions UseStrictBinding(this MvcOptions options)
    {
        options.ModelBinderProviders.Insert(0, new StrictNumberBinderProvider());
        options.ModelBinderProviders.Insert(1, new StrictChoiceBinderProvider());
        options.Filters.Add<UnreadableInputFilter>();
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((sent, _) => Unreadable(sent));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(Unreadable);
        messages.SetValueIsInvalidAccessor(Unreadable);
        messages.SetUnknownValueIsInvalidAccessor(_ => NotValid);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => NotValid);
        messages.SetValueMustNotBeNullAccessor(_ => EnterAValue);
        messages.SetMissingBindRequiredValueAccessor(_ => EnterAValue);
        messages.SetMissingKeyOrValueAccessor(() => EnterAValue);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => EnterAValue);
        messages.SetValueMustBeANumberAccessor(_ => EnterANumber);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => EnterANumber);
        return options;
    }

    private static string Shorten(string sent) => sent.Length <= 24 ? sent : string.Concat(sent.AsSpan(0, 24), "…");
}
