using ComputeMarket.Application.Market;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Metering;

/// <summary>
/// Usage reported through the real use case and settled by the real job code: billed exactly once however often it is
/// delivered and however the deliveries and the settlement runs interleave, to the fen of §3's formula.
/// </summary>
public abstract class SettlementTests(SliceFixture fixture)
{
    internal sealed record Scene(Trader Provider, Trader Buyer, IReadOnlyList<Guid> Allocations);

    /// <summary>A provider with odd prices (sub-fen remainders everywhere) and a buyer with several allocations, one of them small enough to run past its quota.</summary>
    private async Task<Scene> SceneAsync(string name, params long[] sizes)
    {
        var provider = await fixture.ProviderAsync($"{name} Provider");
        var buyer = await fixture.BuyerAsync($"{name} Buyer", 100_000_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000_000, inputPrice: "1.37", outputPrice: "5.93", minimum: 1));
        var allocations = new List<Guid>();
        foreach (var size in sizes)
        {
            var placed = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, size), buyer.UserId);
            Assert.True(placed.Succeeded, placed.Message);
            allocations.Add(placed.Value.AllocationId);
        }

        return new Scene(provider, buyer, allocations);
    }

    private UsageEventInput Input(string id, Guid allocation, long input, long output) =>
        new(id, allocation, input, output, fixture.Clock.GetUtcNow().UtcDateTime, []);

    private static List<UsageEventInput> Indexed(IEnumerable<UsageEventInput> events) => events.Select((e, i) => e with { Index = i }).ToList();

    [DatabaseFact]
    public async Task Ten_thousand_events_delivered_up_to_five_times_in_shuffled_concurrent_requests_are_billed_exactly_once()
    {
        var scene = await SceneAsync("Exactly Once", 2_000_000, 50_000_000, 200_000_000, 400_000_000, 1_000_000_000);
        var random = new Random(15);
        var events = Enumerable.Range(0, 10_000)
            .Select(i => Input($"evt-{i:00000}", scene.Allocations[random.Next(scene.Allocations.Count)], random.Next(0, 40_000), random.Next(1, 12_000)))
            .ToList();
        var deliveries = events.SelectMany(e => Enumerable.Repeat(e, random.Next(1, 6))).OrderBy(_ => random.Next()).ToList();
        var requests = new List<List<UsageEventInput>>();
        for (var at = 0; at < deliveries.Count;)
        {
            var size = random.Next(1, 101);
            requests.Add(Indexed(deliveries.Skip(at).Take(size)));
            at += size;
        }

        var feesBefore = (await fixture.AccountAsync(PlatformAccounts.MoneyFees)).Balance.Posted;
        var ingesting = true;
        var settlers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref ingesting))
            {
                Assert.True((await fixture.Send(new SettleUsage(BatchSize: 700))).Succeeded);
            }
        })).ToList();
        var queue = new System.Collections.Concurrent.ConcurrentQueue<List<UsageEventInput>>(requests);
        var receipts = new System.Collections.Concurrent.ConcurrentBag<UsageReceipt>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var request))
            {
                var receipt = await fixture.Send(new ReportUsage(scene.Provider.OrganizationId, request));
                Assert.True(receipt.Succeeded, receipt.Message + string.Join("; ", receipt.Errors.SelectMany(e => e.Value)));
                receipts.Add(receipt.Value);
            }
        })));
        Volatile.Write(ref ingesting, false);
        await Task.WhenAll(settlers);
        Assert.True((await fixture.Send(new SettleUsage())).Succeeded);

        Assert.Equal(10_000, receipts.Sum(r => r.Accepted));
        Assert.Equal(deliveries.Count, receipts.Sum(r => r.Accepted + r.Duplicates));
        var allocations = await fixture.Query(db => db.Allocations.AsNoTracking().Where(a => scene.Allocations.Contains(a.Id)).ToListAsync());
        long charged = 0, fees = 0;
        foreach (var allocation in allocations)
        {
            var mine = events.Where(e => e.AllocationId == allocation.Id).ToList();
            var (input, output) = (mine.Sum(e => e.InputTokens!.Value), mine.Sum(e => e.OutputTokens!.Value));
            var expected = Math.Min(allocation.HoldAmount, Pricing.Charge(input, output, allocation.InputPricePerMillion, allocation.OutputPricePerMillion));
            Assert.Equal((input, output), (allocation.ConsumedInputTokens, allocation.ConsumedOutputTokens));
            Assert.Equal(expected, allocation.ChargedAmount);
            Assert.Equal(expected * allocation.FeeBasisPoints / 10_000, allocation.FeeAmount);
            charged += expected;
            fees += allocation.FeeAmount;
        }

        // The small allocation ran past its quota: its excess is flagged, and it is billed no more than its hold.
        var small = allocations.Single(a => a.QuotaTokens == 2_000_000);
        Assert.Equal(small.HoldAmount, small.ChargedAmount);
        Assert.True(await fixture.Query(db => db.UsageEvents.AnyAsync(e => e.AllocationId == small.Id && e.Flags == UsageFlags.OverQuota)));

        Assert.Equal(0, await fixture.Query(db => db.UsageEvents.CountAsync(e => e.ProviderOrganizationId == scene.Provider.OrganizationId && e.SettlementBatchId == null)));
        Assert.Equal(charged, await fixture.Query(db => db.SettlementLines.Where(l => scene.Allocations.Contains(l.AllocationId)).SumAsync(l => l.ChargedAmount)));
        Assert.Equal(100_000_000_00 - charged, (await fixture.AccountAsync(scene.Buyer.MoneyWallet)).Balance.Posted);
        Assert.Equal(charged - fees, (await fixture.AccountAsync(scene.Provider.MoneyWallet)).Balance.Posted);
        Assert.Equal(fees, (await fixture.AccountAsync(PlatformAccounts.MoneyFees)).Balance.Posted - feesBefore);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Runs_on_several_servers_at_once_settle_each_event_once()
    {
        var scene = await SceneAsync("Parallel Runs", 300_000_000, 300_000_000);
        var events = Enumerable.Range(0, 3_000).Select(i => Input($"par-{i}", scene.Allocations[i % 2], 7_777 + i, 3_333)).ToList();
        foreach (var chunk in events.Chunk(1_000))
        {
            Assert.True((await fixture.Send(new ReportUsage(scene.Provider.OrganizationId, Indexed(chunk)))).Succeeded);
        }

        var runs = await Concurrently.RaceAsync(4, _ => fixture.Send(new SettleUsage(BatchSize: 250)));

        Assert.All(runs, r => Assert.True(r.Succeeded));
        Assert.Equal(3_000, runs.Sum(r => r.Value.Events));
        var batches = await fixture.Query(db => db.UsageEvents.Where(e => e.ProviderOrganizationId == scene.Provider.OrganizationId).GroupBy(e => e.SettlementBatchId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(12, batches.Count);
        var allocations = await fixture.Query(db => db.Allocations.AsNoTracking().Where(a => scene.Allocations.Contains(a.Id)).ToListAsync());
        foreach (var allocation in allocations)
        {
            var mine = events.Where(e => e.AllocationId == allocation.Id).ToList();
            Assert.Equal(Pricing.Charge(mine.Sum(e => e.InputTokens!.Value), mine.Sum(e => e.OutputTokens!.Value), allocation.InputPricePerMillion, allocation.OutputPricePerMillion), allocation.ChargedAmount);
        }

        Assert.Equal(runs.Sum(r => r.Value.Charged), allocations.Sum(a => a.ChargedAmount));
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Settling_in_many_small_batches_moves_exactly_what_one_batch_moves()
    {
        var few = await SceneAsync("One Batch", 500_000_000);
        var many = await SceneAsync("Many Batches", 500_000_000);
        var random = new Random(7);
        var usage = Enumerable.Range(0, 997).Select(_ => (Input: (long)random.Next(1, 999), Output: (long)random.Next(1, 333))).ToList();
        Assert.True((await fixture.Send(new ReportUsage(few.Provider.OrganizationId, Indexed(usage.Select((u, i) => Input($"a{i}", few.Allocations[0], u.Input, u.Output)))))).Succeeded);
        Assert.True((await fixture.Send(new SettleUsage(BatchSize: 10_000))).Succeeded);
        for (var i = 0; i < usage.Count; i++)
        {
            Assert.True((await fixture.Send(new ReportUsage(many.Provider.OrganizationId, [Input($"b{i}", many.Allocations[0], usage[i].Input, usage[i].Output)]))).Succeeded);
            if (i % 50 == 0)
            {
                Assert.True((await fixture.Send(new SettleUsage(BatchSize: 3))).Succeeded);
            }
        }

        Assert.True((await fixture.Send(new SettleUsage(BatchSize: 1))).Succeeded);

        var (one, split) = await fixture.Query(async db => (
            await db.Allocations.AsNoTracking().SingleAsync(a => a.Id == few.Allocations[0]),
            await db.Allocations.AsNoTracking().SingleAsync(a => a.Id == many.Allocations[0])));
        var expected = Pricing.Charge(usage.Sum(u => u.Input), usage.Sum(u => u.Output), one.InputPricePerMillion, one.OutputPricePerMillion);
        Assert.Equal((expected, expected * 500 / 10_000), (one.ChargedAmount, one.FeeAmount));
        Assert.Equal((one.ChargedAmount, one.FeeAmount), (split.ChargedAmount, split.FeeAmount));
        Assert.Equal((await fixture.AccountAsync(few.Buyer.MoneyWallet)).Balance, (await fixture.AccountAsync(many.Buyer.MoneyWallet)).Balance);
        Assert.Equal((await fixture.AccountAsync(few.Provider.MoneyWallet)).Balance, (await fixture.AccountAsync(many.Provider.MoneyWallet)).Balance);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Usage_reported_after_the_allocation_closed_is_kept_as_late_and_bills_nothing()
    {
        var scene = await SceneAsync("Late Usage", 10_000_000);
        Assert.True((await fixture.Send(new ReportUsage(scene.Provider.OrganizationId, [Input("before-close", scene.Allocations[0], 1_000_000, 100_000)]))).Succeeded);
        var closed = await fixture.Send(new CancelAllocation(scene.Buyer.OrganizationId, scene.Allocations[0]), scene.Buyer.UserId);
        Assert.True(closed.Succeeded, closed.Message);
        var wallet = (await fixture.AccountAsync(scene.Buyer.MoneyWallet)).Balance;

        Assert.True((await fixture.Send(new ReportUsage(scene.Provider.OrganizationId, [Input("after-close", scene.Allocations[0], 5_000_000, 0)]))).Succeeded);
        Assert.True((await fixture.Send(new SettleUsage())).Succeeded);

        var allocation = await fixture.Query(db => db.Allocations.AsNoTracking().SingleAsync(a => a.Id == scene.Allocations[0]));
        Assert.Equal(closed.Value.ConsumedCost, allocation.ChargedAmount);
        Assert.Equal(Pricing.Charge(1_000_000, 100_000, allocation.InputPricePerMillion, allocation.OutputPricePerMillion), allocation.ChargedAmount);
        Assert.Equal(wallet, (await fixture.AccountAsync(scene.Buyer.MoneyWallet)).Balance);
        var late = await fixture.Query(db => db.UsageEvents.AsNoTracking().SingleAsync(e => e.EventId == "after-close" && e.ProviderOrganizationId == scene.Provider.OrganizationId));
        Assert.Equal(UsageFlags.Late, late.Flags);
        Assert.NotNull(late.SettlementBatchId);
        var line = await fixture.Query(db => db.SettlementLines.AsNoTracking().SingleAsync(l => l.BatchId == late.SettlementBatchId && l.AllocationId == allocation.Id));
        Assert.Equal((0L, 5_000_000L), (line.ChargedAmount, line.LateTokens));
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task A_package_releases_escrow_to_the_provider_as_its_tokens_are_used()
    {
        var provider = await fixture.ProviderAsync("Package Settle Provider");
        var buyer = await fixture.BuyerAsync("Package Settle Buyer", 100_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 1_000_000_000, minimum: 1));
        var package = (await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "10M tokens", 10_000_000, "39.90", 30, PackageExpiryRule.Refund), provider.UserId)).Value;
        var bought = (await fixture.Send(new BuyPackage(buyer.OrganizationId, package), buyer.UserId)).Value;

        Assert.True((await fixture.Send(new ReportUsage(provider.OrganizationId, [Input("pkg-1", bought.AllocationId, 2_500_000, 1_000_000)]))).Succeeded);
        Assert.True((await fixture.Send(new SettleUsage())).Succeeded);

        var earned = 3_500_000L * 3_990 / 10_000_000; // 1396.5 → 1396 fen
        Assert.Equal(3_990 - earned, (await fixture.AccountAsync(buyer.MoneyEscrow)).Balance.Posted);
        Assert.Equal(earned - (earned * 500 / 10_000), (await fixture.AccountAsync(provider.MoneyWallet)).Balance.Posted);
        await fixture.AssertLedgerIsSoundAsync();
    }

    public sealed class OnSqlite(SliceFixture fixture) : SettlementTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : SettlementTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
