using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Metering;

/// <summary>
/// Settlement is traceable: the batches list adds up, a batch's lines and events add up to the batch, an organization
/// sees only its own lines, and a fen on a buyer's statement leads through its batch to the events that cost it.
/// </summary>
public abstract class SettlementAuditTests(SliceFixture fixture)
{
    private const string Auditor = "settlement-auditor";

    private sealed record Scene(Trader Provider, Trader Buyer, Trader OtherBuyer, Guid BuyerAllocation, Guid SecondBuyerAllocation, Guid OtherAllocation);

    /// <summary>A provider with odd prices, a buyer with two allocations and another buyer with one, on the same offer.</summary>
    private async Task<Scene> SceneAsync(string name)
    {
        var provider = await fixture.ProviderAsync($"{name} Provider");
        var buyer = await fixture.BuyerAsync($"{name} Buyer", 10_000_000_00);
        var other = await fixture.BuyerAsync($"{name} Other Buyer", 10_000_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 10_000_000_000, inputPrice: "1.37", outputPrice: "5.93", minimum: 1));
        async Task<Guid> OrderAsync(Trader who)
        {
            var placed = await fixture.Send(new PlaceOrder(who.OrganizationId, offer, 500_000_000), who.UserId);
            Assert.True(placed.Succeeded, placed.Message);
            return placed.Value.AllocationId;
        }

        return new Scene(provider, buyer, other, await OrderAsync(buyer), await OrderAsync(buyer), await OrderAsync(other));
    }

    /// <summary>Stores <paramref name="count"/> events of varied sizes for each allocation, then settles everything waiting; returns the one batch that took them.</summary>
    private async Task<Guid> UsageAsync(params (Guid Allocation, int Count)[] usage)
    {
        var prefix = $"audit-{Guid.NewGuid().ToString("N")[..12]}-";
        foreach (var (allocation, count) in usage)
        {
            for (var i = 0; i < count; i++)
            {
                await fixture.StoreUsageAsync(allocation, 1_000_007 + (i * 33_331), 250_003 + (i * 9_777), $"{prefix}{allocation.ToString("N")[..8]}-{i}");
            }
        }

        Assert.True((await fixture.Send(new SettleUsage())).Succeeded);
        var batches = await fixture.Query(db => db.UsageEvents.Where(e => e.EventId.StartsWith(prefix)).Select(e => e.SettlementBatchId).Distinct().ToListAsync());
        return Assert.Single(batches) ?? throw new InvalidOperationException("The usage was not settled.");
    }

    private Task<List<UsageEvent>> EventsAsync(Guid batch, Guid? allocation = null) =>
        fixture.Query(db => db.UsageEvents.AsNoTracking().Where(e => e.SettlementBatchId == batch && (allocation == null || e.AllocationId == allocation)).ToListAsync());

    /// <summary>Every event of one line, page by page, as the page that shows the line alone lists them.</summary>
    private static async Task<List<SettlementEventRow>> AllEventsAsync(Func<int, Task<SettlementLineDetail>> page)
    {
        var first = await page(1);
        var events = first.Events.ToList();
        for (var p = 2; p <= first.EventPageCount; p++)
        {
            events.AddRange((await page(p)).Events);
        }

        return events;
    }

    [DatabaseFact]
    public async Task The_batch_list_shows_each_batch_with_its_totals_to_auditors_only()
    {
        var scene = await SceneAsync("Audit List");
        var batch = await UsageAsync((scene.BuyerAllocation, 4), (scene.OtherAllocation, 3));
        var events = await EventsAsync(batch);
        var allocations = await fixture.Query(db => db.Allocations.AsNoTracking().Where(a => a.Id == scene.BuyerAllocation || a.Id == scene.OtherAllocation).ToListAsync());

        var list = await fixture.Send(new GetSettlementBatches(), Auditor, PlatformRoles.Auditor);

        Assert.True(list.Succeeded, list.Message);
        var row = Assert.Single(list.Value.Rows, r => r.Id == batch);
        Assert.Equal(SettlementKind.Scheduled, row.Kind);
        Assert.Equal((7, 2), (row.EventCount, row.AllocationCount));
        Assert.Equal((events.Sum(e => e.InputTokens), events.Sum(e => e.OutputTokens)), (row.InputTokens, row.OutputTokens));
        Assert.Equal(allocations.Sum(a => a.ChargedAmount), row.ChargedAmount);
        Assert.Equal(allocations.Sum(a => a.FeeAmount), row.FeeAmount);
        Assert.True(row.ChargedAmount > 0 && row.FeeAmount > 0);
        Assert.Equal(list.Value.Rows.OrderByDescending(r => r.StartedAtUtc).Select(r => r.Id), list.Value.Rows.Select(r => r.Id));

        // The totals are every matching batch's; the day the batch ran (China time) holds it, the day before does not.
        var stored = await fixture.Query(db => db.SettlementBatches.AsNoTracking().ToListAsync());
        Assert.Equal((stored.Count, stored.Sum(b => b.ChargedAmount), stored.Sum(b => b.FeeAmount), stored.Sum(b => (long)b.EventCount)),
            (list.Value.Totals.Batches, list.Value.Totals.ChargedAmount, list.Value.Totals.FeeAmount, list.Value.Totals.Events));
        var day = DateOnly.FromDateTime(row.StartedAtUtc.AddHours(8));
        var that = await fixture.Send(new GetSettlementBatches(day, day), Auditor, PlatformRoles.Auditor);
        Assert.Contains(that.Value.Rows, r => r.Id == batch);
        var before = await fixture.Send(new GetSettlementBatches(null, day.AddDays(-1)), Auditor, PlatformRoles.Auditor);
        Assert.DoesNotContain(before.Value.Rows, r => r.Id == batch);
        Assert.Equal(0, before.Value.Totals.Batches);

        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetSettlementBatches(), scene.Buyer.UserId)).Status);
        Assert.Equal(ResultStatus.Invalid, (await fixture.Send(new GetSettlementBatches(day, day.AddDays(-1)), Auditor, PlatformRoles.Auditor)).Status);
    }

    [DatabaseFact]
    public async Task A_batch_shows_its_lines_transfers_and_events_and_they_add_up_to_the_batch()
    {
        var scene = await SceneAsync("Audit Batch");
        var batch = await UsageAsync((scene.BuyerAllocation, 120), (scene.SecondBuyerAllocation, 3), (scene.OtherAllocation, 12));

        var detail = await fixture.Send(new GetSettlementBatch(batch), Auditor, PlatformRoles.Auditor);

        Assert.True(detail.Succeeded, detail.Message);
        var summary = detail.Value.Batch;
        var lines = detail.Value.Lines;
        Assert.Equal(3, lines.Count);
        Assert.Equal(summary.EventCount, lines.Sum(l => l.EventCount));
        Assert.Equal((summary.InputTokens, summary.OutputTokens), (lines.Sum(l => l.InputTokens), lines.Sum(l => l.OutputTokens)));
        Assert.Equal((summary.ChargedAmount, summary.FeeAmount), (lines.Sum(l => l.ChargedAmount), lines.Sum(l => l.FeeAmount)));
        Assert.All(lines, l => Assert.Equal("DeepSeek-V4-Flash", l.Model));
        Assert.Equal("Audit Batch Other Buyer", lines.Single(l => l.AllocationId == scene.OtherAllocation).BuyerName);
        Assert.All(lines, l => Assert.Equal("Audit Batch Provider", l.ProviderName));

        foreach (var line in lines)
        {
            // The first few events under the line, every one of them a page away.
            Assert.Equal(Math.Min(line.EventCount, line.EventPageSize), line.Events.Count);
            Assert.Equal(line.EventCount > line.EventPageSize, line.EventsCapped);
            var events = await AllEventsAsync(async p => Assert.Single((await fixture.Send(new GetSettlementBatch(batch, line.AllocationId, p), Auditor, PlatformRoles.Auditor)).Value.Lines));
            Assert.Equal(line.EventCount, events.Select(e => e.Sequence).Distinct().Count());
            Assert.Equal((line.InputTokens, line.OutputTokens), (events.Sum(e => e.InputTokens), events.Sum(e => e.OutputTokens)));
            Assert.Equal(events.OrderBy(e => e.Sequence).Select(e => e.Sequence), events.Select(e => e.Sequence));

            // The ledger transfers the line wrote: the charge taken from the buyer's hold, the fee from the provider to Fees.
            Assert.Equal(line.ChargedAmount, line.Transfers.Where(t => t.Code == TransferCode.Settlement).Sum(t => t.Amount));
            var fee = Assert.Single(line.Transfers, t => t.Code == TransferCode.Fee);
            Assert.Equal((line.FeeAmount, AccountCode.Fees, (string?)null, line.ProviderName), (fee.Amount, fee.Credit.Code, fee.Credit.Owner, fee.Debit.Owner));
        }

        Assert.True(lines.Single(l => l.AllocationId == scene.BuyerAllocation).EventsCapped);
        Assert.False(lines.Single(l => l.AllocationId == scene.SecondBuyerAllocation).EventsCapped);
        var alone = await fixture.Send(new GetSettlementBatch(batch, scene.BuyerAllocation, 2), Auditor, PlatformRoles.Auditor);
        Assert.Equal((2, 2), (alone.Value.Page, alone.Value.PageCount));
        Assert.Equal(20, Assert.Single(alone.Value.Lines).Events.Count);

        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new GetSettlementBatch(Guid.NewGuid()), Auditor, PlatformRoles.Auditor)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new GetSettlementBatch(batch, Guid.NewGuid()), Auditor, PlatformRoles.Auditor)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetSettlementBatch(batch), scene.Provider.UserId)).Status);
    }

    [DatabaseFact]
    public async Task An_organization_sees_only_its_own_lines_of_a_batch_and_strangers_see_nothing()
    {
        var scene = await SceneAsync("Audit Org");
        var batch = await UsageAsync((scene.BuyerAllocation, 2), (scene.SecondBuyerAllocation, 2), (scene.OtherAllocation, 5));
        var stranger = await fixture.BuyerAsync("Audit Org Stranger", 0);

        var mine = await fixture.Send(new GetOrganizationSettlement(scene.Buyer.OrganizationId, batch), scene.Buyer.UserId);
        Assert.True(mine.Succeeded, mine.Message);
        Assert.Equal(new[] { scene.BuyerAllocation, scene.SecondBuyerAllocation }.Order(), mine.Value.Lines.Select(l => l.AllocationId).Order());
        var stored = await fixture.Query(db => db.UsageEvents.Where(e => e.SettlementBatchId == batch).Select(e => new { e.Sequence, e.AllocationId }).ToListAsync());
        Assert.All(mine.Value.Lines, l => Assert.Equal(stored.Where(e => e.AllocationId == l.AllocationId).Select(e => e.Sequence).Order(), l.Events.Select(e => e.Sequence)));

        var theirs = await fixture.Send(new GetOrganizationSettlement(scene.OtherBuyer.OrganizationId, batch), scene.OtherBuyer.UserId);
        var line = Assert.Single(theirs.Value.Lines);
        Assert.Equal((scene.OtherAllocation, 5, 5), (line.AllocationId, line.EventCount, line.Events.Count));

        // The provider served all three: it sees them all.
        var served = await fixture.Send(new GetOrganizationSettlement(scene.Provider.OrganizationId, batch), scene.Provider.UserId);
        Assert.Equal(3, served.Value.Lines.Count);

        // A stranger asking for the buyer's view is refused; asking as itself, it has no line in the batch.
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetOrganizationSettlement(scene.Buyer.OrganizationId, batch), stranger.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetOrganizationSettlement(scene.Buyer.OrganizationId, batch), scene.OtherBuyer.UserId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new GetOrganizationSettlement(stranger.OrganizationId, batch), stranger.UserId)).Status);

        // Another organization's line is not found through one's own organization.
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new GetOrganizationSettlement(scene.Buyer.OrganizationId, batch, scene.OtherAllocation), scene.Buyer.UserId)).Status);
    }

    [DatabaseFact]
    public async Task Every_fen_on_a_buyers_statement_leads_through_its_batch_to_the_events_that_cost_it()
    {
        var scene = await SceneAsync("Audit Fen");
        await UsageAsync((scene.BuyerAllocation, 7), (scene.OtherAllocation, 2));
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        await UsageAsync((scene.BuyerAllocation, 13));

        var statement = await fixture.Send(new GetStatement(scene.Buyer.OrganizationId, new StatementFilter(Code: TransferCode.Settlement)), scene.Buyer.UserId);
        Assert.True(statement.Succeeded, statement.Message);
        var charges = statement.Value.Lines.Where(l => l.CauseId == scene.BuyerAllocation).Reverse().ToList();
        Assert.Equal(2, charges.Count);

        // Charges are cumulative: each batch charged the allocation's usage to date, floored to the fen, less the last.
        long input = 0, output = 0, charged = 0;
        foreach (var charge in charges)
        {
            var batch = Assert.IsType<Guid>(charge.SettlementBatchId);
            var line = Assert.Single((await fixture.Send(new GetOrganizationSettlement(scene.Buyer.OrganizationId, batch), scene.Buyer.UserId)).Value.Lines);
            Assert.Equal(scene.BuyerAllocation, line.AllocationId);
            var events = await AllEventsAsync(async p => Assert.Single((await fixture.Send(new GetOrganizationSettlement(scene.Buyer.OrganizationId, batch, line.AllocationId, p), scene.Buyer.UserId)).Value.Lines));
            input += events.Sum(e => e.InputTokens);
            output += events.Sum(e => e.OutputTokens);
            var toDate = Pricing.Charge(input, output, line.InputPricePerMillion, line.OutputPricePerMillion);
            Assert.Equal(toDate - charged, -charge.Amount);
            Assert.Equal(line.ChargedAmount, -charge.Amount);
            charged = toDate;
        }

        var allocation = await fixture.Query(db => db.Allocations.AsNoTracking().SingleAsync(a => a.Id == scene.BuyerAllocation));
        Assert.Equal((allocation.ConsumedInputTokens, allocation.ConsumedOutputTokens, allocation.ChargedAmount), (input, output, charged));
        Assert.Equal(20, (await fixture.Query(db => db.UsageEvents.CountAsync(e => e.AllocationId == scene.BuyerAllocation))));
    }

    public sealed class OnSqlite(SliceFixture fixture) : SettlementAuditTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : SettlementAuditTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
