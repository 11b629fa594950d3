using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Domain.Tests.Ledger;

public sealed class MoneyTests
{
    [Fact]
    public void Amounts_in_the_same_currency_add_and_subtract_exactly()
    {
        var price = new Money(3_990, "CNY");

        Assert.Equal(new Money(7_980, "CNY"), price + price);
        Assert.Equal(new Money(-10, "CNY"), price - new Money(4_000, "CNY"));
        Assert.True(price < new Money(3_991, "CNY"));
        Assert.True(price >= new Money(3_990, "CNY"));
    }

    [Fact]
    public void The_currency_code_is_normalised_to_upper_case() =>
        Assert.Equal(new Money(1, "CNY"), new Money(1, "cny"));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("CN")]
    [InlineData("CNYY")]
    public void A_currency_must_be_a_three_letter_code(string currency) =>
        Assert.Throws<ArgumentException>(() => new Money(1, currency));

    [Fact]
    public void Mixing_currencies_throws()
    {
        var yuan = new Money(100, "CNY");
        var dollars = new Money(100, "USD");

        Assert.Throws<InvalidOperationException>(() => yuan + dollars);
        Assert.Throws<InvalidOperationException>(() => yuan - dollars);
        Assert.Throws<InvalidOperationException>(() => yuan < dollars);
        Assert.Throws<InvalidOperationException>(() => yuan >= dollars);
    }

    [Fact]
    public void Overflow_throws_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue, "CNY") + new Money(1, "CNY"));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue, "CNY") - new Money(1, "CNY"));
    }

    [Theory]
    [InlineData("39.90", 3_990)]
    [InlineData("39.9", 3_990)]
    [InlineData("39", 3_900)]
    [InlineData("0.05", 5)]
    [InlineData("0", 0)]
    [InlineData(" 12.50 ", 1_250)]
    [InlineData("12,345.67", 1_234_567)]
    [InlineData("999999999999999.99", 99_999_999_999_999_999)]
    public void A_major_unit_amount_parses_exactly_into_minor_units(string text, long expected)
    {
        Assert.True(Money.TryParse(text, "CNY", out var money));
        Assert.Equal(new Money(expected, "CNY"), money);
    }

    [Theory]
    [InlineData("1.234")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(".50")]
    [InlineData("1.2.3")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("1.-5")]
    [InlineData("1000000000000000")]
    public void Text_that_is_not_an_exact_non_negative_amount_is_refused(string? text)
    {
        Assert.False(Money.TryParse(text, "CNY", out var money));
        Assert.Equal(default, money);
    }

    [Theory]
    [InlineData(0, "0.00")]
    [InlineData(5, "0.05")]
    [InlineData(3_990, "39.90")]
    [InlineData(123_456_789, "1,234,567.89")]
    [InlineData(-123_456, "-1,234.56")]
    [InlineData(long.MaxValue, "92,233,720,368,547,758.07")]
    [InlineData(long.MinValue, "-92,233,720,368,547,758.08")]
    public void The_major_unit_string_has_two_decimals_and_grouped_digits(long minorUnits, string expected) =>
        Assert.Equal(expected, new Money(minorUnits, "CNY").ToMajorUnitString());

    [Fact]
    public void Formatting_and_parsing_round_trip()
    {
        var money = new Money(1_234_567, "CNY");

        Assert.True(Money.TryParse(money.ToMajorUnitString(), "CNY", out var parsed));
        Assert.Equal(money, parsed);
        Assert.Equal("CNY 12,345.67", money.ToString());
    }
}
