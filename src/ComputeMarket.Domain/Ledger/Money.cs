using System.Globalization;

namespace ComputeMarket.Domain.Ledger;

/// <summary>
/// An amount of money in the currency's minor unit (fen for CNY), as a 64-bit integer. Refuses to mix
/// currencies, and overflow throws instead of wrapping. No floating point anywhere.
/// </summary>
public readonly record struct Money
{
    public Money(long minorUnits, string currency)
    {
        if (string.IsNullOrWhiteSpace(currency) || currency.Length != 3)
        {
            throw new ArgumentException("A currency is a three-letter ISO 4217 code.", nameof(currency));
        }

        MinorUnits = minorUnits;
        Currency = currency.ToUpperInvariant();
    }

    public long MinorUnits { get; }

    public string Currency { get; }

    public static Money Zero(string currency) => new(0, currency);

    public static Money operator +(Money left, Money right) => new(checked(left.MinorUnits + Same(left, right).MinorUnits), left.Currency);

    public static Money operator -(Money left, Money right) => new(checked(left.MinorUnits - Same(left, right).MinorUnits), left.Currency);

    public static bool operator <(Money left, Money right) => left.MinorUnits < Same(left, right).MinorUnits;

    public static bool operator >(Money left, Money right) => left.MinorUnits > Same(left, right).MinorUnits;

    public static bool operator <=(Money left, Money right) => left.MinorUnits <= Same(left, right).MinorUnits;

    public static bool operator >=(Money left, Money right) => left.MinorUnits >= Same(left, right).MinorUnits;

    /// <summary>Parses a major-unit amount such as "39.90" exactly (at most two decimals, no rounding).</summary>
    public static bool TryParse(string? text, string currency, out Money money)
    {
        money = default;
        var trimmed = (text ?? "").Trim().Replace(",", "", StringComparison.Ordinal);
        var parts = trimmed.Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 || parts[0].Length > 15 || !parts[0].All(char.IsAsciiDigit))
        {
            return false;
        }

        var fraction = parts.Length == 2 ? parts[1] : "";
        if (fraction.Length > 2 || !fraction.All(char.IsAsciiDigit))
        {
            return false;
        }

        var units = long.Parse(parts[0], CultureInfo.InvariantCulture) * 100 + (fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
        money = new Money(units, currency);
        return true;
    }

    /// <summary>"12,345.67" — the major unit with two decimals, digits grouped, no currency symbol.</summary>
    public string ToMajorUnitString()
    {
        var sign = MinorUnits < 0 ? "-" : "";
        var absolute = MinorUnits == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(MinorUnits);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{absolute / 100:N0}.{absolute % 100:00}");
    }

    public override string ToString() => $"{Currency} {ToMajorUnitString()}";

    private static Money Same(Money left, Money right) =>
        left.Currency == right.Currency ? right : throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency}.");
}
