using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ComputeMarket.Web.Forms;

/// <summary>
/// Numbers as a person types them, and nothing else: optional sign and digits (and a decimal point for fractional
/// types), invariant culture. The framework's converters would also read "0x10" as 16 and fall back to a default on
/// "1e30"; here both are a message at the field.
/// </summary>
public sealed class StrictNumberBinder(Type type, bool nullable) : IModelBinder
{
    private static readonly HashSet<Type> Whole = [typeof(byte), typeof(short), typeof(int), typeof(long), typeof(ushort), typeof(uint), typeof(ulong)];
    private static readonly HashSet<Type> Fractional = [typeof(decimal), typeof(double), typeof(float)];

    public static bool Binds(Type type) => Whole.Contains(type) || Fractional.Contains(type);

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var sent = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (sent == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, sent);
        var text = sent.FirstValue?.Trim() ?? "";
        if (text.Length == 0)
        {
            if (nullable)
            {
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, BindingMessages.For(bindingContext.HttpContext).NumberMissing);
            }

            return Task.CompletedTask;
        }

        if (TryParse(text, out var number))
        {
            bindingContext.Result = ModelBindingResult.Success(number);
        }
        else
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, BindingMessages.For(bindingContext.HttpContext).NotANumber(text, Whole.Contains(type)));
        }

        return Task.CompletedTask;
    }

    private bool TryParse(string text, out object? number)
    {
        const NumberStyles WholeStyle = NumberStyles.AllowLeadingSign;
        const NumberStyles FractionalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        var culture = CultureInfo.InvariantCulture;
        number = null;
        var parsed = type switch
        {
            _ when type == typeof(byte) => Keep(byte.TryParse(text, WholeStyle, culture, out var v), v, out number),
            _ when type == typeof(short) => Keep(short.TryParse(text, WholeStyle, culture, out var v), v, out number),
            _ when type == typeof(int) => Keep(int.TryParse(text, WholeStyle, culture, out var v), v, out number),
            _ when type == typeof(long) => Keep(long.TryParse(text, WholeStyle, culture, out var v), v, out number),
            _ when type == typeof(ushort) => Keep(ushort.TryParse(text, WholeStyle, culture, out var v), v, out number),
            _ when type == typeof(uint) => Keep(uint.TryParse(text, WholeStyle, culture, out var v), v, out number),
            _ when type == typeof(ulong) => Keep(ulong.TryParse(text, WholeStyle, culture, out var v), v, out number),
            _ when type == typeof(decimal) => Keep(decimal.TryParse(text, FractionalStyle, culture, out var v), v, out number),
            _ when type == typeof(double) => Keep(double.TryParse(text, FractionalStyle, culture, out var v) && double.IsFinite(v), v, out number),
            _ => Keep(float.TryParse(text, FractionalStyle, culture, out var v) && float.IsFinite(v), v, out number),
        };
        return parsed;
    }

    private static bool Keep<T>(bool parsed, T value, out object? number)
    {
        number = parsed ? value : null;
        return parsed;
    }
}

/// <summary>Chooses <see cref="StrictNumberBinder"/> for every number and nullable number the app binds.</summary>
public sealed class StrictNumberBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var underlying = Nullable.GetUnderlyingType(context.Metadata.ModelType);
        var type = underlying ?? context.Metadata.ModelType;
        return StrictNumberBinder.Binds(type) ? new StrictNumberBinder(type, underlying is not null) : null;
    }
}
