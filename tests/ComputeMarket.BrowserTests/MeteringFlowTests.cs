using ComputeMarket.Infrastructure.Jobs;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ComputeMarket.BrowserTests;

/// <summary>
/// Metering end to end: the provider makes a metering key in the browser, the demo agent reports usage with it over
/// HTTP, the settlement job settles it, and the buyer sees it on the usage chart and as a settlement line of its
/// statement that leads to the batch and the agent's events.
/// </summary>
public sealed class MeteringFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_key_made_in_the_browser_lets_the_agent_report_usage_that_settles_onto_the_buyers_chart_and_statement()
    {
        var (huadong, lanting) = await fixture.App.WithDatabase(async db => (
            await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync(),
            await db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync()));
        var provider = await fixture.NewPageAsync(width: 1366);
        await provider.SignInAsync(DemoSeeder.Provider.Email);
        await provider.WaitForDashboardAsync();
        await provider.GotoAsync($"/org/{huadong}/keys");
        await provider.GetByLabel("Name").FillAsync("Rack 7 agent");
        await provider.Locator("#scope-Metering").CheckAsync();
        await provider.GetByTestId("create-key").ClickAsync();
        var key = (await provider.GetByTestId("new-key").InnerTextAsync()).Trim();
        Assert.StartsWith("cmm_", key, StringComparison.Ordinal);
        await provider.ScreenshotAsync("50-metering-key-created");

        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await MeteringAgent.Program.RunAsync(["--url", fixture.BaseAddress.ToString(), "--key", key, "--once", "--batch", "60", "--seed", "8"], output, errors, CancellationToken.None);
        Assert.True(exit == 0, output + errors.ToString());
        var reported = await fixture.App.WithDatabase(db => db.UsageEvents.Where(e => e.ProviderOrganizationId == huadong && e.SettlementBatchId == null).ToListAsync());
        Assert.Equal(60, reported.Count);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SettlementJob>().RunAsync(CancellationToken.None);
        }

        var batch = await fixture.App.WithDatabase(db => db.UsageEvents.Where(e => e.EventId == reported[0].EventId).Select(e => e.SettlementBatchId).SingleAsync());
        Assert.NotNull(batch);

        var buyer = await fixture.NewPageAsync(width: 1366);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        await buyer.WaitForDashboardAsync();
        await buyer.GotoAsync($"/org/{lanting}/usage");
        await Assertions.Expect(buyer.GetByTestId("usage-chart")).ToHaveAttributeAsync("data-drawn", "30");
        await buyer.ScreenshotAsync("51-usage-after-agent");

        await buyer.GotoAsync($"/org/{lanting}/wallet");
        var link = buyer.Locator($"a[data-testid='settlement-link'][href*='{batch}']").First;
        await Assertions.Expect(link).ToBeVisibleAsync();
        await buyer.ScreenshotAsync("52-statement-settlement-line");
        await link.ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("settlement-line").First).ToBeVisibleAsync();
        var events = buyer.GetByTestId("settlement-event");
        Assert.True(await events.CountAsync() > 0);
        await Assertions.Expect(buyer.Locator("[data-testid='settlement-events']").First).ToContainTextAsync(reported.OrderBy(e => e.Sequence).First(e => e.AllocationId == reported[0].AllocationId).EventId[..10]);
        await buyer.ScreenshotAsync("53-settlement-batch-events");
    }
}
