using ComputeMarket.Application.Market;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Metering;

/// <summary>The platform fee: set by administrators with its history, locked by each allocation when it opens, taken by settlement.</summary>
public sealed class FeeRateTests(SliceFixture fixture) : IClassFixture<SliceFixture>
{
    private const string Admin = "fee-admin";

    [DatabaseFact]
    public async Task A_new_rate_applies_to_allocations_opened_afterwards_and_settlement_takes_each_allocations_own_rate()
    {
        var provider = await fixture.ProviderAsync("Fee Provider");
        var buyer = await fixture.BuyerAsync("Fee Buyer", 1_000_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 10_000_000_000, inputPrice: "10.00", outputPrice: "10.00", minimum: 1));
        var before = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 100_000_000), buyer.UserId)).Value.AllocationId;

        var set = await fixture.Send(new SetFeeRate("4.75"), Admin, PlatformRoles.Administrator);
        var after = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 100_000_000), buyer.UserId)).Value.AllocationId;
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        Assert.True((await fixture.Send(new ReportUsage(provider.OrganizationId, [
            new UsageEventInput("fee-a", before, 1_000_000, 0, now, []) { Index = 0 },
            new UsageEventInput("fee-b", after, 1_000_000, 0, now, []) { Index = 1 },
        ]))).Succeeded);
        Assert.True((await fixture.Send(new SettleUsage())).Succeeded);

        Assert.Equal(475, set.Value);
        var (old, fresh) = await fixture.Query(async db => (
            await db.Allocations.AsNoTracking().SingleAsync(a => a.Id == before),
            await db.Allocations.AsNoTracking().SingleAsync(a => a.Id == after)));
        Assert.Equal((500, 1_000L, 50L), (old.FeeBasisPoints, old.ChargedAmount, old.FeeAmount));
        Assert.Equal((475, 1_000L, 47L), (fresh.FeeBasisPoints, fresh.ChargedAmount, fresh.FeeAmount));
        var rates = await fixture.Send(new GetFeeRates(), Admin, PlatformRoles.Administrator);
        Assert.Equal(475, rates.Value.Current);
        Assert.Contains(rates.Value.History, r => r.BasisPoints == 475);
        Assert.True(await fixture.Query(db => db.AuditEntries.AnyAsync(e => e.Action == "Platform.SetFeeRate" && e.After!.Contains("475"))));
        Assert.True((await fixture.Send(new SetFeeRate("5"), Admin, PlatformRoles.Administrator)).Succeeded);
    }

    [DatabaseTheory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("100.01")]
    [InlineData("4.755")]
    [InlineData("1e2")]
    public async Task A_rate_that_is_not_a_percentage_with_two_decimals_is_refused_and_nothing_is_recorded(string percent)
    {
        var count = await fixture.Query(db => db.PlatformFeeRates.CountAsync());

        var result = await fixture.Send(new SetFeeRate(percent), Admin, PlatformRoles.Administrator);

        Assert.False(result.Succeeded);
        Assert.Contains("Percent", result.Errors.Keys);
        Assert.Equal(count, await fixture.Query(db => db.PlatformFeeRates.CountAsync()));
    }

    [DatabaseFact]
    public async Task Only_administrators_see_and_set_the_rate()
    {
        Assert.Equal(ComputeMarket.Application.Common.Results.ResultStatus.Forbidden, (await fixture.Send(new SetFeeRate("1"), "someone", PlatformRoles.Auditor)).Status);
        Assert.Equal(ComputeMarket.Application.Common.Results.ResultStatus.Forbidden, (await fixture.Send(new GetFeeRates(), "someone")).Status);
    }
}
