using ComputeMarket.Application.Common.Display;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ComputeMarket.BrowserTests;

/// <summary>The supermarket end to end: a provider lists capacity, a buyer finds it, buys, sees the hold, cancels.</summary>
public sealed class MarketFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_provider_lists_capacity_and_a_buyer_finds_it_buys_tokens_sees_the_hold_and_cancels_it()
    {
        const string ServedModel = "Pangu-Browser-72B";
        var provider = await fixture.NewPageAsync();
        await provider.SignInAsync(DemoSeeder.Provider.Email);
        await provider.WaitForDashboardAsync();
        await provider.GetByTestId("organizations").GetByText(DemoSeeder.ProviderOrganization).ClickAsync();
        await provider.GetByTestId("listings-tab").ClickAsync();
        await provider.GetByTestId("new-listing").ClickAsync();
        await provider.GetByLabel("Model served").FillAsync(ServedModel);
        await provider.GetByLabel("GPU model").SelectOptionAsync("Ascend 910B");
        await provider.GetByLabel("Memory per GPU (GB)").FillAsync("64");
        await provider.GetByLabel("Region").SelectOptionAsync("Southwest China (Chengdu)");
        await provider.GetByLabel("Input ¥ per 1M").FillAsync("1.50");
        await provider.GetByLabel("Output ¥ per 1M").FillAsync("6.00");
        await provider.ScreenshotAsync("30-provider-new-listing");
        await provider.GetByTestId("save-listing").ClickAsync();
        await Assertions.Expect(provider.GetByTestId("listings")).ToContainTextAsync(ServedModel);
        await provider.ScreenshotAsync("31-provider-listings");

        // The demo buyer already holds money for the allocations the demo opened; this order adds ¥120.00 to it.
        var before = await fixture.App.WithDatabase(async db =>
        {
            var lanting = await db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync();
            return (await db.Accounts.SingleAsync(a => a.OwnerOrganizationId == lanting && a.Asset == Asset.Money && a.Code == AccountCode.Wallet)).Balance;
        });
        static string Yuan(long fen) => MoneyText.Format(fen, "CNY");

        var buyer = await fixture.NewPageAsync();
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        await buyer.WaitForDashboardAsync();
        await buyer.GetByTestId("nav-catalog").ClickAsync();
        await buyer.GetByLabel("Model served").SelectOptionAsync(ServedModel);
        await buyer.GetByLabel("GPU").SelectOptionAsync("Ascend 910B");
        await buyer.GetByTestId("apply-filter").ClickAsync();
        await Assertions.Expect(buyer).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("gpu=Ascend"));
        await Assertions.Expect(buyer.GetByTestId("result-count")).ToHaveTextAsync("1 offer");
        await buyer.ScreenshotAsync("32-catalog-filtered");
        await buyer.GetByTestId("offers").GetByRole(AriaRole.Link, new() { Name = ServedModel }).ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("offer-title")).ToHaveTextAsync(ServedModel);

        await buyer.GetByLabel("Tokens").FillAsync("20000000");
        await buyer.GetByTestId("review-order").ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("max-cost")).ToHaveTextAsync("¥120.00");
        await buyer.ScreenshotAsync("33-order-quote");
        await buyer.GetByTestId("confirm-order").ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("access-key")).ToContainTextAsync("cmk_");
        await buyer.ScreenshotAsync("34-allocation-with-key");

        var organization = await fixture.App.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync());
        await buyer.GotoAsync($"/org/{organization}/wallet");
        await Assertions.Expect(buyer.GetByTestId("held-money")).ToHaveTextAsync(Yuan(before.Held + 120_00));
        await Assertions.Expect(buyer.GetByTestId("available-money")).ToHaveTextAsync(Yuan(before.Available - 120_00));
        await buyer.ScreenshotAsync("35-wallet-with-hold");

        await buyer.GetByTestId("allocations-tab").ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("allocations")).ToContainTextAsync(ServedModel);
        await buyer.GetByTestId("allocations").GetByRole(AriaRole.Link, new() { Name = ServedModel }).First.ClickAsync();
        await buyer.GetByTestId("cancel-allocation").ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("notice")).ToContainTextAsync("¥120.00 released");
        await Assertions.Expect(buyer.GetByTestId("allocation-status")).ToContainTextAsync("Cancelled");
        Assert.Contains(fixture.DialogMessages, message => message.StartsWith("Cancel this allocation?", StringComparison.Ordinal));
        await buyer.ScreenshotAsync("36-allocation-cancelled");

        await buyer.GetByTestId("nav-wallet").ClickAsync();
        await Assertions.Expect(buyer.GetByTestId("held-money")).ToHaveTextAsync(Yuan(before.Held));
        await Assertions.Expect(buyer.GetByTestId("available-money")).ToHaveTextAsync(Yuan(before.Available));
        await Assertions.Expect(buyer.GetByTestId("statement")).ToContainTextAsync("hold released");
        await buyer.ScreenshotAsync("37-wallet-hold-released");
    }
}
