using ComputeMarket.Domain.Ledger;
using FluentValidation;

namespace ComputeMarket.Application.Wallets;

/// <summary>Amounts typed by people ("500", "39.90") become minor units exactly, or a clear message.</summary>
public static class AmountText
{
    public static long ToMinorUnits(string text) =>
        Money.TryParse(text, "XXX", out var money) ? money.MinorUnits : throw new FormatException("Not an amount.");

    public static IRuleBuilderOptions<T, string> MustBeAmountBetween<T>(this IRuleBuilder<T, string> rule, long minimum, long maximum) =>
        rule.Must(text => Money.TryParse(text, "XXX", out var money) && money.MinorUnits >= minimum && money.MinorUnits <= maximum)
            .WithMessage($"Enter an amount from {new Money(minimum, "XXX").ToMajorUnitString()} to {new Money(maximum, "XXX").ToMajorUnitString()}, with at most two decimals.");
}
