using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Tests.Common;
using ComputeMarket.Application.Wallets;

namespace ComputeMarket.Application.Tests.Ledger;

/// <summary>The dates and pages a statement accepts, with messages keyed as the statement pages name their fields.</summary>
public sealed class StatementFilterTests
{
    [Theory]
    [InlineData(null, "9999-12-31", "To")]
    [InlineData("0001-01-01", null, "From")]
    [InlineData("2026-12-01", "2026-11-01", "To")]
    public void Dates_outside_the_ledger_years_or_a_swapped_range_are_refused_by_field(string? from, string? to, string field)
    {
        var filter = new StatementFilter(from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to));

        var wallet = new GetStatementValidator(Localizers.Messages).Validate(new GetStatement(Guid.NewGuid(), filter));
        var audit = new GetAccountStatementValidator(Localizers.Messages).Validate(new GetAccountStatement(1, filter));

        Assert.Equal(field, Assert.Single(wallet.Errors).PropertyName);
        Assert.Equal(field, Assert.Single(audit.Errors).PropertyName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(int.MaxValue)]
    public void A_page_out_of_range_is_refused(int page)
    {
        var outcome = new GetStatementValidator(Localizers.Messages).Validate(new GetStatement(Guid.NewGuid(), new StatementFilter(Page: page)));

        Assert.Equal("Page", Assert.Single(outcome.Errors).PropertyName);
    }

    [Fact]
    public void A_plain_range_is_accepted()
    {
        Assert.True(new GetStatementValidator(Localizers.Messages).Validate(new GetStatement(Guid.NewGuid(), new StatementFilter(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)))).IsValid);
    }
}
