using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ComputeMarket.Web.Forms;

/// <summary>
/// Yes/no values and choices from a list, read as exactly what the page offers. The framework reads "A,B" for a
/// choice as the bitwise OR of two members, silently turning two options into a third, and keeps a yes/no value it
/// could not read where the checkbox that shows it again fails with an exception (a 500 instead of the message).
/// </summary>
public sealed class StrictChoiceBinder(Type type, bool nullable) : IModelBinder
{
    public static bool Binds(Type type) => type == typeof(bool) || (type.IsEnum && !type.IsDefined(typeof(FlagsAttribute), inherit: false));

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var sent = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (sent == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        var text = sent.FirstValue?.Trim() ?? "";
        if (text.Length == 0)
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, sent);
            if (nullable)
            {
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, BindingMessages.For(bindingContext.HttpContext).ValueMissing);
            }

            return Task.CompletedTask;
        }

        if (TryRead(text) is { } value)
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, sent);
            bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }

        // Kept as text only: shown again, the field starts from the model's value instead of converting what was sent.
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: null, attemptedValue: text);
        bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, BindingMessages.For(bindingContext.HttpContext).Unreadable(text));
        return Task.CompletedTask;
    }

    /// <summary>"true" or "false"; for a choice, one member's name or its number as the page's select lists send it.</summary>
    private object? TryRead(string text)
    {
        if (type == typeof(bool))
        {
            return bool.TryParse(text, out var flag) ? flag : null;
        }

        if (text.All(char.IsAsciiDigit))
        {
            // Compared back, so that a number too large for the enum cannot wrap around onto a member.
            return long.TryParse(text, CultureInfo.InvariantCulture, out var number)
                && Enum.ToObject(type, number) is var member
                && Enum.IsDefined(type, member)
                && Convert.ToInt64(member, CultureInfo.InvariantCulture) == number
                ? member
                : null;
        }

        var name = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return name is null ? null : Enum.Parse(type, name);
    }
}

/// <summary>Chooses <see cref="StrictChoiceBinder"/> for every yes/no value and every choice (an enum without flags) the app binds.</summary>
public sealed class StrictChoiceBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var underlying = Nullable.GetUnderlyingType(context.Metadata.ModelType);
        var type = underlying ?? context.Metadata.ModelType;
        return StrictChoiceBinder.Binds(type) ? new StrictChoiceBinder(type, underlying is not null) : null;
    }
}
