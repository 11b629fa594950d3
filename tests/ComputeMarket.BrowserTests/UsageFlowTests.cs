using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ComputeMarket.BrowserTests;

/// <summary>The usage page in a real browser: the demo buyer's two weeks of usage drawn as a chart, and the provider's served side.</summary>
public sealed class UsageFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_demo_buyer_opens_usage_from_the_organization_tabs_and_sees_the_chart_drawn()
    {
        var buyer = await fixture.NewPageAsync(width: 1366);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        await buyer.WaitForDashboardAsync();
        await buyer.GetByTestId("organizations").GetByText(DemoSeeder.FirstBuyerOrganization).ClickAsync();
        await buyer.GetByTestId("usage-tab").ClickAsync();

        var chart = buyer.GetByTestId("usage-chart");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-drawn", "30");
        var box = await chart.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width > 200 && box.Height > 100, $"the chart is {box.Width}×{box.Height}");
        var painted = await chart.EvaluateAsync<int>("canvas => { const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
        Assert.True(painted > 1_000, $"{painted} pixels painted");
        await Assertions.Expect(buyer.GetByTestId("usage-allocations").Locator("tbody tr")).ToHaveCountAsync(3);
        await buyer.ScreenshotAsync("40-usage-bought");

        await buyer.GetByTestId("usage-allocations").Locator("tbody tr a").First.ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("usage-events").Locator("tbody tr")).ToHaveCountAsync(20);
        await buyer.ScreenshotAsync("41-allocation-usage");

        var phone = await fixture.NewPageAsync(width: 390, height: 844);
        await phone.SignInAsync(DemoSeeder.Buyer.Email);
        await phone.WaitForDashboardAsync();
        var usagePath = new Uri(buyer.Url).AbsolutePath.Split("/allocations/")[0] + "/usage";
        await phone.GotoAsync(usagePath);
        var small = await phone.GetByTestId("usage-chart").BoundingBoxAsync();
        Assert.True(small is { Width: > 200 and <= 390 }, $"the chart fits the phone's width ({small?.Width})");
        await Assertions.Expect(phone.GetByTestId("usage-chart")).ToHaveAttributeAsync("data-drawn", "30");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page does not scroll sideways");
        await phone.ScreenshotAsync("43-usage-phone");
        await phone.GotoAsync(new Uri(buyer.Url).AbsolutePath);
        await phone.ScreenshotAsync("44-allocation-usage-phone");
    }

    [Fact]
    public async Task The_provider_sees_what_it_served_and_can_switch_to_what_it_bought()
    {
        var huadong = await fixture.App.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync());
        var provider = await fixture.NewPageAsync(width: 1366);
        await provider.SignInAsync(DemoSeeder.Provider.Email);
        await provider.WaitForDashboardAsync();
        await provider.GotoAsync($"/org/{huadong}/usage");

        await Assertions.Expect(provider.GetByTestId("side-served")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("active"));
        await Assertions.Expect(provider.GetByTestId("total-earnings")).ToBeVisibleAsync();
        await Assertions.Expect(provider.GetByTestId("usage-chart")).ToHaveAttributeAsync("data-drawn", "30");
        await provider.ScreenshotAsync("42-usage-served");

        await provider.GetByTestId("side-bought").ClickAsync();
        await Assertions.Expect(provider.GetByTestId("usage-empty")).ToBeVisibleAsync();
    }
}
