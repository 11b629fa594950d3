using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests.Metering;

/// <summary>
/// The settlement pages over the demo's two weeks of settled usage: auditors list batches and open one down to its
/// transfers and events; a buyer is refused the audit pages, and its wallet's settlement lines lead to its own lines
/// of the batch and their events.
/// </summary>
public sealed partial class SettlementPagesTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    [Fact]
    public async Task An_auditor_lists_the_batches_and_opens_one_down_to_its_transfers_and_events()
    {
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);
        var stored = await factory.WithDatabase(db => db.SettlementBatches.AsNoTracking().OrderByDescending(b => b.StartedAtUtc).ThenByDescending(b => b.Id).ToListAsync());

        var list = await auditor.GetPageAsync("/audit/settlements");

        Assert.NotEmpty(stored);
        var links = BatchLink().Matches(list).Select(m => Guid.Parse(m.Groups[1].Value)).Distinct().ToList();
        Assert.Equal(stored.Take(50).Select(b => b.Id), links);
        Assert.Contains($"data-testid=\"settlement-totals\" data-batches=\"{stored.Count}\" data-events=\"{stored.Sum(b => (long)b.EventCount)}\" data-charged=\"{stored.Sum(b => b.ChargedAmount)}\"", list, StringComparison.Ordinal);

        var busiest = stored.OrderByDescending(b => b.EventCount).First();
        var batch = await auditor.GetPageAsync($"/audit/settlements/{busiest.Id}");

        Assert.Contains($"data-testid=\"batch-summary\" data-events=\"{busiest.EventCount}\"", batch, StringComparison.Ordinal);
        Assert.Equal(Math.Min(busiest.AllocationCount, 25), Regex.Count(batch, "data-testid=\"settlement-line\""));
        Assert.Contains("data-testid=\"settlement-transfer\" data-code=\"Settlement\"", batch, StringComparison.Ordinal);
        Assert.Matches("href=\"/audit/accounts/[0-9]+\"", batch);
        Assert.Contains("data-testid=\"settlement-event\"", batch, StringComparison.Ordinal);
        var all = AllEventsLink().Match(batch);
        Assert.True(all.Success, "A line with more events than it shows links to all of them.");

        var alone = await auditor.GetPageAsync(WebUtility.HtmlDecode(all.Groups[1].Value));
        Assert.Equal(1, Regex.Count(alone, "data-testid=\"settlement-line\""));
        Assert.True(Regex.Count(alone, "data-testid=\"settlement-event\"") > 10);

        auditor.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        auditor.Client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var chinese = await auditor.GetPageAsync($"/audit/settlements/{busiest.Id}");
        Assert.Contains("结算批次", chinese, StringComparison.Ordinal);
        Assert.Contains("用量事件", chinese, StringComparison.Ordinal);
        Assert.Contains("UTC+8", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_settlement_transfer_on_an_audited_account_links_to_its_batch()
    {
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);
        var (account, batch) = await factory.WithDatabase(async db =>
        {
            var lanting = await db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync();
            var wallet = await db.Accounts.Where(a => a.OwnerOrganizationId == lanting && a.Code == Domain.Ledger.AccountCode.Wallet && a.Asset == Domain.Ledger.Asset.Money).Select(a => a.Id).SingleAsync();
            var line = await db.SettlementLines.Where(l => l.BuyerOrganizationId == lanting).OrderBy(l => l.BatchId).FirstAsync();
            return (wallet, line.BatchId);
        });

        var statement = await auditor.GetPageAsync($"/audit/accounts/{account}?code=Settlement");

        Assert.Contains($"href=\"/audit/settlements/{batch}\" data-testid=\"settlement-batch-link\"", statement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyer_is_refused_the_audit_pages()
    {
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        var batch = await factory.WithDatabase(db => db.SettlementBatches.Select(b => b.Id).FirstAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/audit/settlements")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/audit/settlements/{batch}")).StatusCode);
    }

    [Fact]
    public async Task The_buyers_wallet_links_a_settlement_line_to_its_own_lines_of_the_batch_and_their_events()
    {
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        var lanting = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync());

        var wallet = await buyer.GetPageAsync($"/org/{lanting}/wallet?code=Settlement");

        var link = Regex.Match(wallet, $"href=\"(/org/{lanting}/settlements/([0-9a-f-]{{36}}))#line-([0-9a-f-]{{36}})\" data-testid=\"settlement-link\"");
        Assert.True(link.Success, "A settlement line on the statement links to its batch.");
        var batch = Guid.Parse(link.Groups[2].Value);
        var mine = await factory.WithDatabase(db => db.SettlementLines.Where(l => l.BatchId == batch && (l.BuyerOrganizationId == lanting || l.ProviderOrganizationId == lanting)).Select(l => l.AllocationId).ToListAsync());
        var others = await factory.WithDatabase(db => db.SettlementLines.Where(l => l.BatchId == batch && l.BuyerOrganizationId != lanting).Select(l => l.AllocationId).ToListAsync());

        var page = await buyer.GetPageAsync(link.Groups[1].Value);

        Assert.Equal(mine.Order(), LineAllocation().Matches(page).Select(m => Guid.Parse(m.Groups[1].Value)).Order());
        Assert.All(others, other => Assert.DoesNotContain(other.ToString(), page, StringComparison.Ordinal));
        Assert.Contains("data-testid=\"settlement-event\"", page, StringComparison.Ordinal);
        Assert.Contains($"id=\"line-{link.Groups[3].Value}\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/org/{lanting}/allocations/{mine[0]}\"", page, StringComparison.Ordinal);

        // Another organization's member is refused the page; a batch without the organization's lines is not found.
        var stranger = Browser.For(factory);
        await stranger.SignInAsync(DemoSeeder.SecondBuyer.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(link.Groups[1].Value)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/org/{lanting}/settlements/{Guid.NewGuid()}")).StatusCode);
    }

    [GeneratedRegex("href=\"/audit/settlements/([0-9a-f-]{36})\"")]
    private static partial Regex BatchLink();

    [GeneratedRegex("href=\"([^\"]*allocation=[^\"]*)\" data-testid=\"all-events\"")]
    private static partial Regex AllEventsLink();

    [GeneratedRegex("data-testid=\"settlement-line\" data-allocation=\"([0-9a-f-]{36})\"")]
    private static partial Regex LineAllocation();
}
