using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Domain.Tests.Ledger;

public sealed class TokensTests
{
    [Fact]
    public void Counts_add_subtract_and_compare()
    {
        var a = new Tokens(1_000);
        var b = new Tokens(250);

        Assert.Equal(new Tokens(1_250), a + b);
        Assert.Equal(new Tokens(750), a - b);
        Assert.True(b < a);
        Assert.True(a >= new Tokens(1_000));
        Assert.Equal(0, a.CompareTo(new Tokens(1_000)));
        Assert.Equal(Tokens.Zero, a - a);
    }

    [Fact]
    public void A_negative_count_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tokens(-1));

    [Fact]
    public void Taking_away_more_than_there_is_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tokens(5) - new Tokens(6));

    [Fact]
    public void Overflow_throws_instead_of_wrapping() =>
        Assert.Throws<OverflowException>(() => new Tokens(long.MaxValue) + new Tokens(1));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(999, "999")]
    [InlineData(1_234_567, "1,234,567")]
    public void A_count_prints_with_grouped_digits(long count, string expected) =>
        Assert.Equal(expected, new Tokens(count).ToString());
}
