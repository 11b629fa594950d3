using System.Net;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Wallets;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Web.TagHelpers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

/// <summary>After signing in a person lands on a dashboard that shows where their money stands and what to do next.</summary>
public sealed class DashboardTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private async Task<Browser> SignedInAsync(string email, string password = ComputeMarketFactory.Password)
    {
        var browser = Browser.For(factory);
        var response = await browser.TrySignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location?.ToString());
        return browser;
    }

    private static string Card(string page, Guid organizationId)
    {
        var start = page.IndexOf($"data-testid=\"organization-{organizationId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No card for organization {organizationId}.");
        return page[start..];
    }

    [Fact]
    public async Task A_buyer_sees_the_wallets_available_and_held_amounts_and_is_sent_to_the_catalog()
    {
        var (organization, balance) = await factory.WithDatabase(async db =>
        {
            // The second demo buyer has money and has never bought.
            var id = await db.Organizations.Where(o => o.Name == DemoSeeder.SecondBuyerOrganization).Select(o => o.Id).SingleAsync();
            var wallet = await db.Accounts.SingleAsync(a => a.OwnerOrganizationId == id && a.Asset == Asset.Money && a.Code == AccountCode.Wallet);
            return (id, wallet.Balance);
        });
        Assert.True(balance.Available > 0);

        var buyer = await SignedInAsync(DemoSeeder.SecondBuyer.Email);
        var card = Card(await buyer.GetPageAsync("/dashboard"), organization);

        Assert.Contains($"data-testid=\"available\"><span class=\"cm-amount\">{AmountTagHelper.Format(balance.Available, Asset.Money, "CNY")}</span>", card, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"held\"><span class=\"cm-amount\">{AmountTagHelper.Format(balance.Held, Asset.Money, "CNY")}</span>", card, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"next-browse\"", card, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"next-top-up\"", card, StringComparison.Ordinal);
        Assert.Contains("Spent this month", card, StringComparison.Ordinal);

        buyer.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        buyer.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await buyer.GetPageAsync("/dashboard");
        Assert.Contains("可用余额", chinese, StringComparison.Ordinal);
        Assert.Contains("浏览算力超市", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_organization_without_money_is_told_to_top_up_right_after_its_first_sign_in()
    {
        var visitor = Browser.For(factory);
        var registered = await visitor.SubmitAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.OrganizationName"] = "Fresh Dash Ltd",
            ["Input.DisplayName"] = "Fang Founder",
            ["Input.Email"] = "fang@freshdash.example",
            ["Input.Password"] = "correct-horse-42",
            ["Input.ConfirmPassword"] = "correct-horse-42",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(factory.Mail.ConfirmationLink("fang@freshdash.example"))).StatusCode);
        var organization = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == "Fresh Dash Ltd").Select(o => o.Id).SingleAsync());

        var founder = await SignedInAsync("fang@freshdash.example", "correct-horse-42");
        var card = Card(await founder.GetPageAsync("/dashboard"), organization);

        Assert.Contains("data-testid=\"next-top-up\"", card, StringComparison.Ordinal);
        Assert.Contains($"href=\"/org/{organization}/wallet\" data-testid=\"next-top-up\"", card, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"available\"><span class=\"cm-amount\">¥0.00</span>", card, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"next-browse\"", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_lands_on_the_queues_and_is_never_told_to_join_an_organization()
    {
        var (topUps, payouts, unverified) = await factory.WithDatabase(async db => (
            await db.TopUps.CountAsync(t => t.Status == TopUpStatus.Requested),
            await db.Payouts.CountAsync(p => p.Status == PayoutStatus.Requested),
            await db.Organizations.CountAsync(o => !o.IsVerifiedProvider)));
        Assert.True(topUps > 0);

        var admin = await SignedInAsync(ComputeMarketFactory.AdminEmail);
        var page = await admin.GetPageAsync("/dashboard");

        Assert.Contains("data-testid=\"admin-queues\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"queue-topups-count\">{topUps}<", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"queue-payouts-count\">{payouts}<", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"queue-providers-count\">{unverified}<", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"queue-jobs-count\">0<", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/wallets\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("no-organizations", page, StringComparison.Ordinal);
        Assert.DoesNotContain("not a member", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not belong", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_auditor_is_pointed_at_the_ledger_verification()
    {
        var auditor = await SignedInAsync(DemoSeeder.Auditor.Email);
        var page = await auditor.GetPageAsync("/dashboard");

        Assert.Contains("data-testid=\"auditor-links\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/audit/ledger\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("no-organizations", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_without_an_organization_gets_next_steps_instead_of_an_empty_page()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "alone@dash.example", Email = "alone@dash.example", EmailConfirmed = true, DisplayName = "Alone", CreatedAtUtc = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, ComputeMarketFactory.Password)).Succeeded);
        }

        var person = await SignedInAsync("alone@dash.example");
        var page = await person.GetPageAsync("/dashboard");

        Assert.Contains("data-testid=\"no-organizations\"", page, StringComparison.Ordinal);
        Assert.Contains("invitation link", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/market\"", page, StringComparison.Ordinal);
    }
}
