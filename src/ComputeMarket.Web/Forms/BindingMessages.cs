using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Forms;

/// <summary>
/// The messages a person sees when a value cannot be read, shown at the field itself, so they need not name it, in the
/// request's language (<c>Resources/Forms/BindingMessages.resx</c>; the English texts below are the keys).
/// </summary>
public sealed class BindingMessages(IStringLocalizer localizer)
{
    public const string EnterANumber = "Enter a number.";
    public const string EnterAValue = "Enter a value.";
    public const string NotValid = "This value is not valid here.";
    public const string NotAWholeNumber = "“{0}” is not a whole number in range: enter digits only, like 1000000.";
    public const string NotADecimalNumber = "“{0}” is not a number: enter digits with an optional decimal point, like 12.50.";
    public const string NotValidValue = "“{0}” is not a valid value here.";

    /// <summary>The messages in the language of the request being bound.</summary>
    public static BindingMessages For(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(BindingMessages)));

    public string NumberMissing => localizer[EnterANumber];

    public string ValueMissing => localizer[EnterAValue];

    public string NotValidHere => localizer[NotValid];

    public string NotANumber(string sent, bool whole) => localizer[whole ? NotAWholeNumber : NotADecimalNumber, Shorten(sent)];

    public string Unreadable(string sent) => localizer[NotValidValue, Shorten(sent)];

    private static string Shorten(string sent) => sent.Length <= 24 ? sent : string.Concat(sent.AsSpan(0, 24), "…");
}

/// <summary>Strict numbers, yes/no values and choices, and the filter that acts on what they could not read.</summary>
public static class StrictBinding
{
    public static MvcOptions UseStrictBinding(this MvcOptions options)
    {
        options.ModelBinderProviders.Insert(0, new StrictNumberBinderProvider());
        options.ModelBinderProviders.Insert(1, new StrictChoiceBinderProvider());
        options.Filters.Add<UnreadableInputFilter>();
        return options;
    }
}

/// <summary>
/// The framework's own binding messages (a value of the wrong type, a missing value) as <see cref="BindingMessages"/>
/// says them. The accessors are looked up each time a message is made, so they follow the request's language.
/// </summary>
public sealed class LocalizedBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var messages = new BindingMessages(factory.Create(typeof(BindingMessages)));
        var provider = options.ModelBindingMessageProvider;
        provider.SetAttemptedValueIsInvalidAccessor((sent, _) => messages.Unreadable(sent));
        provider.SetNonPropertyAttemptedValueIsInvalidAccessor(messages.Unreadable);
        provider.SetValueIsInvalidAccessor(messages.Unreadable);
        provider.SetUnknownValueIsInvalidAccessor(_ => messages.NotValidHere);
        provider.SetNonPropertyUnknownValueIsInvalidAccessor(() => messages.NotValidHere);
        provider.SetValueMustNotBeNullAccessor(_ => messages.ValueMissing);
        provider.SetMissingBindRequiredValueAccessor(_ => messages.ValueMissing);
        provider.SetMissingKeyOrValueAccessor(() => messages.ValueMissing);
        provider.SetMissingRequestBodyRequiredValueAccessor(() => messages.ValueMissing);
        provider.SetValueMustBeANumberAccessor(_ => messages.NumberMissing);
        provider.SetNonPropertyValueMustBeANumberAccessor(() => messages.NumberMissing);
    }
}
