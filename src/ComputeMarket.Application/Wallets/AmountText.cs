using ComputeMarket.Domain.Ledger;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Wallets;

/// <summary>Amounts typed by people ("500", "39.90") become minor units exactly, or a clear message.</summary>
public static class AmountText
{
    public static long ToMinorUnits(string text) =>
        Money.TryParse(text, "XXX", out var money) ? money.MinorUnits : throw new FormatException("Not an amount.");

    private const string BetweenMessage = "Enter an amount from {0} to {1}, with at most two decimals.";

    /// <summary>
    /// An amount from <paramref name="minimum"/> to <paramref name="maximum"/> minor units, with a message in the reader's
    /// language (in English while a caller passes no <paramref name="localizer"/>).
    /// </summary>
    public static IRuleBuilderOptions<T, string> MustBeAmountBetween<T>(this IRuleBuilder<T, string> rule, long minimum, long maximum, IStringLocalizer<Messages>? localizer = null)
    {
        var from = new Money(minimum, "XXX").ToMajorUnitString();
        var to = new Money(maximum, "XXX").ToMajorUnitString();
        var english = $"Enter an amount from {from} to {to}, with at most two decimals.";
        return rule.Must(text => Money.TryParse(text, "XXX", out var money) && money.MinorUnits >= minimum && money.MinorUnits <= maximum)
            .WithMessage(_ => localizer is null ? english : localizer[BetweenMessage, from, to]);
    }
}
