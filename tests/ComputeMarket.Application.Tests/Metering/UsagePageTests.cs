using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Tests.Market;

namespace ComputeMarket.Application.Tests.Metering;

/// <summary>
/// What the usage page and an allocation's page read: only members of the organization, the served side only for a
/// verified provider, and the very numbers of the usage summary.
/// </summary>
public sealed class UsagePageTests(SliceFixture fixture) : IClassFixture<SliceFixture>
{
    private sealed record Scene(Trader Provider, Trader Buyer, Guid First, Guid Second);

    private async Task<Scene> SceneAsync(string name)
    {
        var provider = await fixture.ProviderAsync($"{name} Provider");
        var buyer = await fixture.BuyerAsync($"{name} Buyer", 1_000_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 10_000_000_000, inputPrice: "1.37", outputPrice: "5.93", minimum: 1));
        var allocations = new List<Guid>();
        foreach (var size in new long[] { 50_000_000, 2_000_000 })
        {
            var placed = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, size), buyer.UserId);
            Assert.True(placed.Succeeded, placed.Message);
            allocations.Add(placed.Value.AllocationId);
        }

        await fixture.StoreUsageAsync(allocations[0], 1_234_567, 345_678);
        await fixture.StoreUsageAsync(allocations[0], 3_000_001, 999_999);
        await fixture.StoreUsageAsync(allocations[1], 1_500_000, 700_000); // past its quota: flagged
        Assert.True((await fixture.Send(new SettleUsage())).Succeeded);
        return new Scene(provider, buyer, allocations[0], allocations[1]);
    }

    private static void AssertSame(IReadOnlyList<UsageGroup> expected, IReadOnlyList<UsageGroup> actual) =>
        Assert.Equal(expected.ToList(), actual.ToList());

    [Fact]
    public async Task A_member_reads_what_its_organization_bought_with_the_numbers_of_the_summary()
    {
        var scene = await SceneAsync("Bought Reader");

        var usage = await fixture.Send(new GetOrganizationUsage(scene.Buyer.OrganizationId, null, null, null), scene.Buyer.UserId);

        Assert.True(usage.Succeeded, usage.Message);
        Assert.Equal(UsageSide.Bought, usage.Value.Side);
        Assert.False(usage.Value.IsVerifiedProvider);
        foreach (var grouping in Enum.GetValues<UsageGrouping>())
        {
            var summary = await fixture.Send(new GetUsageSummary(scene.Buyer.OrganizationId, UsageSide.Bought, null, null, grouping));
            AssertSame(summary.Value.Groups, usage.Value.GroupedBy(grouping));
            Assert.Equal(summary.Value.Total, usage.Value.Total);
            Assert.Equal((summary.Value.From, summary.Value.To), (usage.Value.From, usage.Value.To));
        }

        Assert.Equal(30, usage.Value.Days.Count);
        Assert.Equal(2, usage.Value.Allocations.Count);
        Assert.Equal(1_234_567 + 345_678 + 3_000_001 + 999_999 + 1_500_000 + 700_000, usage.Value.Total.Tokens);
        Assert.True(usage.Value.Total.Amount > 0);
    }

    [Fact]
    public async Task A_verified_provider_sees_what_it_served_by_default_with_earnings_after_the_fee_and_flagged_tokens()
    {
        var scene = await SceneAsync("Served Reader");

        var usage = await fixture.Send(new GetOrganizationUsage(scene.Provider.OrganizationId, null, null, null), scene.Provider.UserId);
        var summary = await fixture.Send(new GetUsageSummary(scene.Provider.OrganizationId, UsageSide.Served, null, null, UsageGrouping.Allocation));

        Assert.True(usage.Succeeded, usage.Message);
        Assert.Equal(UsageSide.Served, usage.Value.Side);
        AssertSame(summary.Value.Groups, usage.Value.Allocations);
        Assert.True(usage.Value.Total.Fee > 0);
        Assert.Equal(usage.Value.Total.Amount - usage.Value.Total.Fee, usage.Value.Total.Earnings);
        Assert.Equal(200_000, usage.Value.Total.FlaggedTokens);
    }

    [Fact]
    public async Task A_person_outside_the_organization_is_refused_either_side()
    {
        var scene = await SceneAsync("Outsider");
        var stranger = await fixture.BuyerAsync("Outsider Stranger", 0);

        var bought = await fixture.Send(new GetOrganizationUsage(scene.Buyer.OrganizationId, UsageSide.Bought, null, null), stranger.UserId);
        var served = await fixture.Send(new GetOrganizationUsage(scene.Provider.OrganizationId, UsageSide.Served, null, null), stranger.UserId);
        var allocation = await fixture.Send(new GetAllocation(scene.Buyer.OrganizationId, scene.First), stranger.UserId);
        var anonymous = await fixture.Send(new GetOrganizationUsage(scene.Buyer.OrganizationId, null, null, null));

        Assert.Equal(ResultStatus.Forbidden, bought.Status);
        Assert.Equal(ResultStatus.Forbidden, served.Status);
        Assert.Equal(ResultStatus.Forbidden, allocation.Status);
        Assert.Equal(ResultStatus.Forbidden, anonymous.Status);
    }

    [Fact]
    public async Task An_organization_that_is_not_a_verified_provider_may_not_ask_for_served_usage()
    {
        var scene = await SceneAsync("Not A Provider");

        var served = await fixture.Send(new GetOrganizationUsage(scene.Buyer.OrganizationId, UsageSide.Served, null, null), scene.Buyer.UserId);

        Assert.Equal(ResultStatus.Forbidden, served.Status);
    }

    [Theory]
    [InlineData("2026-11-20", "2026-11-10", "To")]
    [InlineData("2025-01-01", "2026-11-10", "To")]
    [InlineData("2020-01-01", null, "To")]
    [InlineData("2026-11-30", null, "To")]
    [InlineData("9999-12-31", null, "From")]
    [InlineData(null, "0001-01-01", "To")]
    [InlineData(null, "9999-12-31", "To")]
    [InlineData("0001-01-01", "2026-11-10", "From")]
    public async Task A_range_that_cannot_be_shown_is_invalid_at_its_field(string? from, string? to, string field)
    {
        var scene = await SceneAsync("Bad Range");
        static DateOnly? Day(string? day) => day is null ? null : DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        var usage = await fixture.Send(new GetOrganizationUsage(scene.Buyer.OrganizationId, null, Day(from), Day(to)), scene.Buyer.UserId);

        Assert.Equal(ResultStatus.Invalid, usage.Status);
        Assert.Equal([field], usage.Errors.Keys);
    }

    [Fact]
    public async Task An_allocation_shows_reported_settled_and_waiting_tokens_and_its_latest_twenty_events()
    {
        var scene = await SceneAsync("Allocation Usage");
        for (var i = 0; i < 22; i++)
        {
            await fixture.StoreUsageAsync(scene.First, 1_000 + i, 10, $"later-{i:00}");
        }

        var settledBefore = 1_234_567L + 345_678 + 3_000_001 + 999_999;
        var waiting = Enumerable.Range(0, 22).Sum(i => 1_000L + i + 10);

        var asBuyer = await fixture.Send(new GetAllocation(scene.Buyer.OrganizationId, scene.First), scene.Buyer.UserId);
        var asProvider = await fixture.Send(new GetAllocation(scene.Provider.OrganizationId, scene.First), scene.Provider.UserId);

        Assert.True(asBuyer.Succeeded, asBuyer.Message);
        var usage = asBuyer.Value.Usage!;
        Assert.Equal(settledBefore + waiting, usage.ReportedTokens);
        Assert.Equal(settledBefore, usage.SettledTokens);
        Assert.Equal(waiting, usage.WaitingTokens);
        Assert.Equal(50_000_000 - settledBefore - waiting, usage.RemainingTokens);
        Assert.Equal(24, usage.EventCount);
        Assert.Equal(AllocationUsage.RecentCount, usage.RecentEvents.Count);
        Assert.Equal("later-21", usage.RecentEvents[0].EventId);
        Assert.All(usage.RecentEvents.Take(20), e => Assert.False(e.Settled));
        Assert.Equal(asBuyer.Value.Usage!.ReportedTokens, asProvider.Value.Usage!.ReportedTokens);
        Assert.Equal(settledBefore * 100 / 50_000_000, usage.SettledPercent);
    }
}
