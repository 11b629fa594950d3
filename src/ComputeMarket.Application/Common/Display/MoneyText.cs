using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Application.Common.Display;

/// <summary>
/// The one place an amount becomes text: <see cref="Format"/> for people ("¥1,234.50", "-¥39.90", the same in both
/// languages), <see cref="Plain"/> for form fields and exports ("1234.50", "-39.90": exact, no grouping, no symbol).
/// </summary>
public static class MoneyText
{
    public static string Format(long minorUnits, string currency)
    {
        var text = new Money(minorUnits, currency).ToMajorUnitString();
        return text.StartsWith('-') ? "-" + Symbol(currency) + text[1..] : Symbol(currency) + text;
    }

    public static string Plain(long minorUnits, string currency) =>
        new Money(minorUnits, currency).ToMajorUnitString().Replace(",", "", StringComparison.Ordinal);

    public static string Symbol(string currency) => currency switch
    {
        "CNY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        _ => currency + " ",
    };
}
