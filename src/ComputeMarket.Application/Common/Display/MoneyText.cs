using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Application.Common.Display;

/// <summary>An amount inside a message people read: "¥1,234.50" (the same in both languages), exact to the fen.</summary>
public static class MoneyText
{
    public static string Format(long minorUnits, string currency) =>
        (minorUnits < 0 ? "-" : "") + (currency == "CNY" ? "¥" : currency + " ") + new Money(Math.Abs(minorUnits), currency).ToMajorUnitString();
}
