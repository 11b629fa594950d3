using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Web.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ComputeMarket.BrowserTests;

/// <summary>
/// The main journeys walked by people whose browsers speak Chinese, on a laptop (1366 px) and a phone (390 px):
/// every page says <c>lang="zh-CN"</c>, speaks Chinese, shows China time, and no page scrolls sideways. Screenshots
/// of each step are saved (docs/screenshots holds a selection).
/// </summary>
public sealed class ChineseJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, int, int> Screens() => new() { { "laptop", 1366, 860 }, { "phone", 390, 844 } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task A_buyer_browses_signs_in_tops_up_and_reads_the_wallet_in_Chinese(string screen, int width, int height)
    {
        var page = await fixture.NewPageAsync("zh-CN", width, height);

        await page.GotoAsync("/");
        await ChineseAsync(page, $"zh-{screen}-01-home");
        await page.GotoAsync("/market");
        await ChineseAsync(page, $"zh-{screen}-02-catalog");
        await page.Locator("[data-testid='offers'] a").First.ClickAsync();
        await ChineseAsync(page, $"zh-{screen}-03-offer");

        await SignInAsync(page, DemoSeeder.SecondBuyer.Email);
        await page.WaitForDashboardAsync();
        await ChineseAsync(page, $"zh-{screen}-04-dashboard");

        var organization = await OrganizationAsync(DemoSeeder.SecondBuyerOrganization);
        await page.GotoAsync($"/org/{organization}/wallet");
        await ChineseAsync(page, $"zh-{screen}-05-wallet");
        await page.Locator("input[name='TopUp.Amount']").FillAsync("1200.00");
        await page.GetByTestId("request-top-up").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("已创建");
        await Assertions.Expect(page.GetByTestId("pay-top-up").First).ToContainTextAsync(ComputeMarketFactory.PayeeAccount);
        await ChineseAsync(page, $"zh-{screen}-06-top-up-to-pay");
        await Assertions.Expect(page.GetByTestId("statement")).ToContainTextAsync("UTC+8");
    }

    [Fact]
    public async Task An_administrator_and_an_auditor_work_in_Chinese()
    {
        var admin = await fixture.NewPageAsync("zh-CN");
        await SignInAsync(admin, ComputeMarketFactory.AdminEmail);
        await admin.WaitForDashboardAsync();
        await ChineseAsync(admin, "zh-admin-01-dashboard");
        foreach (var (path, name) in new[] { ("/admin/wallets", "02-wallets"), ("/admin/organizations", "03-organizations"), ("/admin/jobs", "04-jobs"), ("/audit/ledger", "05-ledger"), ("/audit/log", "06-audit-log") })
        {
            await admin.GotoAsync(path);
            await ChineseAsync(admin, $"zh-admin-{name}");
        }

        var provider = await fixture.NewPageAsync("zh-CN");
        await SignInAsync(provider, DemoSeeder.Provider.Email);
        await provider.WaitForDashboardAsync();
        var organization = await OrganizationAsync(DemoSeeder.ProviderOrganization);
        await provider.GotoAsync($"/org/{organization}/listings");
        await ChineseAsync(provider, "zh-provider-01-listings");
        await provider.GotoAsync($"/org/{organization}");
        await ChineseAsync(provider, "zh-provider-02-organization");
    }

    private Task<Guid> OrganizationAsync(string name) =>
        fixture.App.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    /// <summary>The sign-in form, found by its fields' names (its labels are Chinese here).</summary>
    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await ChineseAsync(page, null);
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(ComputeMarketFactory.Password);
        await page.GetByTestId("sign-in").ClickAsync();
    }

    /// <summary>The page is marked Chinese, its navigation reads Chinese, it does not scroll sideways; then a screenshot.</summary>
    private static async Task ChineseAsync(IPage page, string? screenshot)
    {
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.GetByTestId("nav-catalog")).ToHaveTextAsync("算力超市");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow} px");
        if (screenshot is not null)
        {
            await page.ScreenshotAsync(screenshot);
        }
    }
}
