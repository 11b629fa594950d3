using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Web.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ComputeMarket.BrowserTests;

/// <summary>Money moving through the ledger, clicked through by a buyer and an administrator in real browsers.</summary>
public sealed partial class WalletFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_buyer_requests_a_top_up_an_administrator_confirms_it_and_the_buyer_sees_the_new_balance_and_statement_line()
    {
        var organization = await fixture.App.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.SecondBuyerOrganization).Select(o => o.Id).SingleAsync());
        var buyer = await fixture.NewPageAsync();
        await buyer.SignInAsync(DemoSeeder.SecondBuyer.Email);
        await buyer.WaitForDashboardAsync();
        await buyer.GetByTestId("organizations").GetByText(DemoSeeder.SecondBuyerOrganization).ClickAsync();
        await buyer.GetByTestId("wallet-tab").ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("available-money")).ToHaveTextAsync("¥5,000.00");
        await buyer.ScreenshotAsync("20-wallet-before-top-up");

        await buyer.GetByLabel("Amount (CNY)").First.FillAsync("2500.50");
        await buyer.GetByTestId("request-top-up").ClickAsync();
        var notice = await buyer.GetByTestId("notice").InnerTextAsync();
        var reference = Reference().Match(notice).Value;
        Assert.False(string.IsNullOrEmpty(reference), notice);
        await Assertions.Expect(buyer.GetByTestId("top-ups")).ToContainTextAsync(reference);
        await buyer.ScreenshotAsync("21-top-up-requested");

        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        await admin.WaitForDashboardAsync();
        await admin.GotoAsync("/admin/wallets");
        var row = admin.Locator($"tr[data-reference='{reference}']");
        await Assertions.Expect(row).ToContainTextAsync("¥2,500.50");
        await admin.ScreenshotAsync("22-admin-top-up-queue");
        await row.GetByTestId("confirm-top-up").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("notice")).ToContainTextAsync("Top-up confirmed");
        await Assertions.Expect(row).ToContainTextAsync("Confirmed");

        await buyer.GotoAsync($"/org/{organization}/wallet");
        await Assertions.Expect(buyer.GetByTestId("available-money")).ToHaveTextAsync("¥7,500.50");
        await Assertions.Expect(buyer.GetByTestId("statement")).ToContainTextAsync($"Top-up {reference}");
        await Assertions.Expect(buyer.GetByTestId("statement").Locator("tbody tr").First).ToContainTextAsync("+¥2,500.50");
        await buyer.ScreenshotAsync("23-wallet-after-top-up");

        await admin.GotoAsync("/audit/ledger");
        await Assertions.Expect(admin.GetByTestId("chain-status")).ToHaveTextAsync("Intact");
        await Assertions.Expect(admin.GetByTestId("invariants-status")).ToHaveTextAsync("All invariants hold.");
        await admin.ScreenshotAsync("24-ledger-console");
    }

    [GeneratedRegex("CM-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex Reference();
}
