using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests.Metering;

/// <summary>
/// The usage page (<c>/org/{orgId}/usage</c>) over the demo's two weeks of settled usage: days, amounts and the CSV
/// agree with what settlement charged; the served side for the verified provider only; bad ranges named on the page;
/// and an allocation's page with its reported, settled and remaining tokens and its latest events.
/// </summary>
public sealed partial class UsagePageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> OrganizationAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    private async Task<Browser> SignedInAsync(string email)
    {
        var browser = Browser.For(factory);
        await browser.SignInAsync(email);
        return browser;
    }

    private static long Value(string page, string testId)
    {
        var match = Regex.Match(page, $"data-testid=\"{testId}\" data-value=\"(-?\\d+)\"");
        Assert.True(match.Success, $"{testId} is on the page");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static long Fen(string amount) => (long)(decimal.Parse(amount, CultureInfo.InvariantCulture) * 100);

    private static string[][] Rows(string csv) =>
        [.. csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.TrimEnd('\r').Split(','))];

    [Fact]
    public async Task The_buyer_sees_the_two_weeks_of_seeded_days_and_the_spend_settlement_charged()
    {
        var lanting = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        var charged = await factory.WithDatabase(db => db.Allocations.Where(a => a.BuyerOrganizationId == lanting).SumAsync(a => a.ChargedAmount));
        var browser = await SignedInAsync(DemoSeeder.Buyer.Email);

        var page = await browser.GetPageAsync($"/org/{lanting}/usage");

        Assert.True(charged > 0);
        Assert.Equal(charged, Value(page, "total-amount"));
        var days = DayRow().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(14, days.Count);
        Assert.Contains("data-testid=\"usage-tab\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"usage-chart\"", page, StringComparison.Ordinal);
        Assert.Contains("/js/usage-chart.js", page, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(page, "data-testid=\"usage-allocations\"[\\s\\S]*?</table>").Single().Value.Split("data-testid=\"usage-row\"").Length - 1);
        Assert.DoesNotContain("data-testid=\"usage-side\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"total-earnings\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_export_has_the_totals_of_the_page()
    {
        var lanting = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = await SignedInAsync(DemoSeeder.Buyer.Email);
        var page = await browser.GetPageAsync($"/org/{lanting}/usage");
        var (tokens, amount) = (Value(page, "total-tokens"), Value(page, "total-amount"));

        foreach (var (by, header) in new[] { ("Day", "day,"), ("Allocation", "allocation_id,allocation,"), ("Model", "model,") })
        {
            var response = await browser.GetAsync($"/org/{lanting}/usage?handler=Export&by={by}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            var csv = await response.Content.ReadAsStringAsync();
            Assert.StartsWith(header + "input_tokens,output_tokens,tokens,amount,currency", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
            var rows = Rows(csv);
            Assert.Equal(tokens, rows.Sum(r => long.Parse(r[^3], CultureInfo.InvariantCulture)));
            Assert.Equal(amount, rows.Sum(r => Fen(r[^2])));
            Assert.All(rows, r => Assert.Equal("CNY", r[^1]));
        }
    }

    [Fact]
    public async Task The_verified_provider_sees_tokens_served_and_earnings_after_the_fee_and_the_buyer_may_not_ask_for_them()
    {
        var huadong = await OrganizationAsync(DemoSeeder.ProviderOrganization);
        var lanting = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        var (charged, fees) = await factory.WithDatabase(async db =>
        {
            var served = await db.Allocations.Where(a => a.ProviderOrganizationId == huadong).Select(a => new { a.ChargedAmount, a.FeeAmount }).ToListAsync();
            return (served.Sum(a => a.ChargedAmount), served.Sum(a => a.FeeAmount));
        });
        var provider = await SignedInAsync(DemoSeeder.Provider.Email);
        var buyer = await SignedInAsync(DemoSeeder.Buyer.Email);

        var page = await provider.GetPageAsync($"/org/{huadong}/usage");
        var csv = await (await provider.GetAsync($"/org/{huadong}/usage?handler=Export&side=Served")).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"usage-side\"", page, StringComparison.Ordinal);
        Assert.Equal(charged, Value(page, "total-amount"));
        Assert.Equal(charged - fees, Value(page, "total-earnings"));
        Assert.True(fees > 0);
        Assert.Equal(0, Value(page, "total-flagged"));
        Assert.StartsWith("day,input_tokens,output_tokens,tokens,amount,fee,earnings,flagged_tokens,currency", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(charged - fees, Rows(csv).Sum(r => Fen(r[6])));
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/org/{lanting}/usage?side=Served")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/org/{lanting}/usage?handler=Export&side=Served")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/org/{huadong}/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync($"/org/{lanting}/usage")).StatusCode);
    }

    [Theory]
    [InlineData("from=abc", "From", null)]
    [InlineData("to=2026-02-30", "To", null)]
    [InlineData("from=2026-12-01&to=2026-11-01", "To", "The last day comes on or after the first.")]
    [InlineData("from=2024-01-01&to=2026-11-01", "To", "A summary covers at most 366 days.")]
    [InlineData("side=Sideways", "Side", null)]
    [InlineData("from=9999-12-31", "From", null)]
    [InlineData("to=0001-01-01", "To", null)]
    public async Task A_range_that_cannot_be_read_or_shown_is_named_at_its_field_and_the_default_range_is_shown(string query, string field, string? message)
    {
        var lanting = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = await SignedInAsync(DemoSeeder.Buyer.Email);

        var response = await browser.GetAsync($"/org/{lanting}/usage?{query}");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var export = await browser.GetAsync($"/org/{lanting}/usage?handler=Export&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        if (field != "Side")
        {
            var shown = Regex.Match(page, $"data-valmsg-for=\"{field}\"[^>]*>([^<]+)<");
            Assert.True(shown.Success, $"a message at {field}");
            Assert.Equal(message ?? shown.Groups[1].Value, shown.Groups[1].Value);
        }

        Assert.Contains("data-testid=\"usage-chart\"", page, StringComparison.Ordinal);
        Assert.Equal(14, DayRow().Count(page));
    }

    [Fact]
    public async Task The_usage_page_speaks_chinese()
    {
        var lanting = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = await SignedInAsync(DemoSeeder.Buyer.Email);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));

        var page = await browser.GetPageAsync($"/org/{lanting}/usage");
        var bad = WebUtility.HtmlDecode(await (await browser.GetAsync($"/org/{lanting}/usage?from=2026-12-01&to=2026-11-01")).Content.ReadAsStringAsync());

        Assert.Contains("<title>用量 · ", page, StringComparison.Ordinal);
        Assert.Contains("购买的用量", page, StringComparison.Ordinal);
        Assert.Contains("按天", page, StringComparison.Ordinal);
        Assert.Contains("按算力分配", page, StringComparison.Ordinal);
        Assert.Contains("导出 CSV", page, StringComparison.Ordinal);
        Assert.Contains("data-amount-label=\"花费（¥）\"", page, StringComparison.Ordinal);
        Assert.Contains(">用量</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage bought", page, StringComparison.Ordinal);
        Assert.Contains("结束日期不能早于开始日期", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allocation_page_shows_reported_settled_waiting_and_remaining_tokens_and_its_latest_twenty_events()
    {
        var lanting = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        var allocation = await factory.WithDatabase(db => db.Allocations.Where(a => a.BuyerOrganizationId == lanting && db.UsageEvents.Any(e => e.AllocationId == a.Id)).OrderBy(a => a.Id).FirstAsync());
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.WithDatabase(db =>
        {
            db.UsageEvents.Add(new UsageEvent(allocation.ProviderOrganizationId, $"page-waiting-{Guid.NewGuid():N}"[..40], allocation.Id, 7_000, 3_000, now, now));
            return db.SaveChangesAsync();
        });
        var (reported, settled, latest) = await factory.WithDatabase(async db =>
        {
            var events = db.UsageEvents.Where(e => e.AllocationId == allocation.Id);
            return (await events.SumAsync(e => e.InputTokens + e.OutputTokens),
                await events.Where(e => e.SettlementBatchId != null).SumAsync(e => e.InputTokens + e.OutputTokens),
                await events.OrderByDescending(e => e.OccurredAtUtc).ThenByDescending(e => e.Sequence).Select(e => e.EventId).Take(20).ToListAsync());
        });
        var browser = await SignedInAsync(DemoSeeder.BuyerColleague.Email);

        var page = await browser.GetPageAsync($"/org/{lanting}/allocations/{allocation.Id}");

        Assert.Equal(reported, Value(page, "reported-tokens"));
        Assert.Equal(settled, Value(page, "settled-tokens"));
        Assert.Equal(10_000, Value(page, "waiting-tokens"));
        Assert.Equal(Math.Max(0, allocation.QuotaTokens - reported), Value(page, "remaining-tokens"));
        Assert.Contains("data-testid=\"usage-progress\"", page, StringComparison.Ordinal);
        var bar = Regex.Match(page, "aria-valuenow=\"(\\d+)\"[^>]*data-testid=\"settled-bar\"");
        Assert.Equal(Math.Min(100, settled * 100 / allocation.QuotaTokens).ToString(CultureInfo.InvariantCulture), bar.Groups[1].Value);
        var rows = Regex.Matches(page, "data-testid=\"usage-event\" data-event-id=\"([^\"]+)\" data-settled=\"(true|false)\"");
        Assert.Equal(latest, rows.Select(r => r.Groups[1].Value).ToList());
        Assert.Equal("false", rows[0].Groups[2].Value);
        Assert.All(rows.Skip(1), r => Assert.Equal("true", r.Groups[2].Value));
    }

    [GeneratedRegex("data-testid=\"usage-row\" data-key=\"(\\d{4}-\\d{2}-\\d{2})\"")]
    private static partial Regex DayRow();
}
