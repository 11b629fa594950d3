using System.Net;
using System.Text.RegularExpressions;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Wallets;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>Wallets, top-ups, payouts and the audit console over HTTP: who may do what, and what it does to the ledger.</summary>
public sealed partial class WalletTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> OrganizationIdAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    private Task<AccountBalance> WalletAsync(Guid organizationId) =>
        factory.WithDatabase(async db => (await db.Accounts.SingleAsync(a => a.OwnerOrganizationId == organizationId && a.Asset == Asset.Money && a.Code == AccountCode.Wallet)).Balance);

    [Fact]
    public async Task A_member_sees_the_wallet_with_balances_and_the_statement()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.BuyerColleague.Email);

        var page = WebUtility.HtmlDecode(await browser.GetPageAsync($"/org/{organization}/wallet"));

        Assert.Contains("¥20,000.00", page, StringComparison.Ordinal);
        Assert.Contains("demo:opening-balance", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_of_another_organization_gets_403_for_the_wallet_the_statement_and_the_export()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var outsider = Browser.For(factory);
        await outsider.SignInAsync(DemoSeeder.SecondBuyer.Email);

        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/org/{organization}/wallet")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/org/{organization}/wallet?p=2&code=TopUp")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/org/{organization}/wallet?handler=Export")).StatusCode);
        var post = await outsider.SubmitAsync($"/org/{await OrganizationIdAsync(DemoSeeder.SecondBuyerOrganization)}/wallet", new Dictionary<string, string> { ["TopUp.Amount"] = "100" }, $"/org/{organization}/wallet?handler=TopUp");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.False(await factory.WithDatabase(db => db.TopUps.AnyAsync(t => t.OrganizationId == organization && t.Amount == 100_00)));
    }

    [Fact]
    public async Task The_statement_exports_to_csv_for_members_with_the_filter_applied()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Buyer.Email);

        var all = await browser.GetAsync($"/org/{organization}/wallet?handler=Export");
        var none = await browser.GetAsync($"/org/{organization}/wallet?handler=Export&code=Payout");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        var csv = (await all.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("timestamp_utc,account,unit,kind,entry,amount,held_change,balance_after,counterparty,cause,reference,transfer_id", csv[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains(csv, line => line.Contains(",Wallet,CNY,TopUp,Posted,20000.00,0.00,", StringComparison.Ordinal) && line.Contains(",demo:opening-balance,", StringComparison.Ordinal));
        Assert.Single((await none.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // The export adds up to the wallet's balance, as the page does.
        var posted = await factory.WithDatabase(db => db.Accounts.Where(a => a.OwnerOrganizationId == organization && a.Code == AccountCode.Wallet && a.Asset == Asset.Money).Select(a => a.CreditsPosted - a.DebitsPosted).SingleAsync());
        var amounts = csv.Skip(1).Select(line => decimal.Parse(line.Split(',')[5], System.Globalization.CultureInfo.InvariantCulture)).Sum();
        Assert.Equal(posted, (long)(amounts * 100));
    }

    [Theory]
    [InlineData("", "Enter an amount")]
    [InlineData("abc", "Enter an amount")]
    [InlineData("0.5", "Enter an amount")]
    [InlineData("12.345", "Enter an amount")]
    public async Task A_bad_top_up_amount_shows_a_message_and_writes_nothing(string amount, string message)
    {
        var organization = await OrganizationIdAsync(DemoSeeder.SecondBuyerOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.SecondBuyer.Email);
        var before = await factory.WithDatabase(db => db.TopUps.CountAsync());

        var response = await browser.SubmitAsync($"/org/{organization}/wallet", new Dictionary<string, string> { ["TopUp.Amount"] = amount }, $"/org/{organization}/wallet?handler=TopUp");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDatabase(db => db.TopUps.CountAsync()));
    }

    [Fact]
    public async Task A_top_up_is_credited_once_when_an_administrator_confirms_it_and_the_action_is_audited()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.SecondBuyerOrganization);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.SecondBuyer.Email);
        var requested = await buyer.SubmitAsync($"/org/{organization}/wallet", new Dictionary<string, string> { ["TopUp.Amount"] = "1,234.56" }, $"/org/{organization}/wallet?handler=TopUp");
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var notice = await buyer.GetPageAsync($"/org/{organization}/wallet");
        var reference = Reference().Match(notice).Value;
        Assert.NotEmpty(reference);
        var topUp = await factory.WithDatabase(db => db.TopUps.SingleAsync(t => t.Reference == reference));
        Assert.Equal(1_234_56, topUp.Amount);
        var before = await WalletAsync(organization);

        var buyerTries = await buyer.SubmitAsync($"/org/{organization}/wallet", new Dictionary<string, string>(), $"/admin/wallets?handler=TopUp&id={topUp.Id}&confirm=true");
        Assert.NotEqual(HttpStatusCode.Redirect, buyerTries.StatusCode);
        Assert.Equal(before, await WalletAsync(organization));

        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var confirmed = await admin.SubmitAsync("/admin/wallets", new Dictionary<string, string>(), $"/admin/wallets?handler=TopUp&id={topUp.Id}&confirm=true");
        var again = await admin.SubmitAsync("/admin/wallets", new Dictionary<string, string>(), $"/admin/wallets?handler=TopUp&id={topUp.Id}&confirm=true");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already confirmed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await WalletAsync(organization);
        Assert.Equal(before.Posted + 1_234_56, after.Posted);
        Assert.Equal(1, await factory.WithDatabase(db => db.Transfers.CountAsync(t => t.Reference == $"topup:{reference}")));
        var audit = await factory.WithDatabase(db => db.AuditEntries.SingleAsync(a => a.Subject == $"topup:{reference}"));
        Assert.Equal("TopUp.Confirm", audit.Action);
        Assert.Contains("Confirmed", audit.After, StringComparison.Ordinal);
        Assert.Contains(reference, await admin.GetPageAsync("/audit/log"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_requested_top_up_shows_the_platforms_payee_the_amount_and_the_reference_to_copy_and_so_does_the_admin_queue()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.SecondBuyerOrganization);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.SecondBuyer.Email);

        await buyer.SubmitAsync($"/org/{organization}/wallet", new Dictionary<string, string> { ["TopUp.Amount"] = "2,468.10" }, $"/org/{organization}/wallet?handler=TopUp");
        var page = await buyer.GetPageAsync($"/org/{organization}/wallet");

        var reference = Reference().Match(page).Value;
        var card = PayCard().Matches(page).Select(m => m.Value).Single(c => c.Contains(reference, StringComparison.Ordinal));
        Assert.Contains($"data-testid=\"payee-name\">{ComputeMarketFactory.PayeeName}<", card, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"payee-bank\">{ComputeMarketFactory.PayeeBank}<", card, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"payee-account\">{ComputeMarketFactory.PayeeAccount}<", card, StringComparison.Ordinal);
        Assert.Contains("¥2,468.10", card, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"pay-reference\">{reference}<", card, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(card, "data-copy=\"#[^\"]+\""));
        Assert.Contains(">2468.10</span>", card, StringComparison.Ordinal);

        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var queue = await admin.GetPageAsync("/admin/wallets");
        Assert.Contains($"data-testid=\"payee-account\">{ComputeMarketFactory.PayeeAccount}<", queue, StringComparison.Ordinal);
        var row = Regex.Match(queue, $"<tr data-reference=\"{reference}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("¥2,468.10", row, StringComparison.Ordinal);
        Assert.Contains("data-confirm=", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wallet_page_reads_in_Chinese_with_China_time()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = Browser.For(factory);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        await browser.SignInAsync(DemoSeeder.Buyer.Email);

        var page = await browser.GetPageAsync($"/org/{organization}/wallet");

        Assert.Contains("账户流水", page, StringComparison.Ordinal);
        Assert.Contains("银行转账充值", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Statement<", page, StringComparison.Ordinal);
        Assert.Matches(@"<time datetime=""[0-9T:\-]+Z"" title=""[^""]+ UTC"">\d{4}-\d\d-\d\d \d\d:\d\d UTC\+8</time>", page);
    }

    [Fact]
    public async Task A_payout_holds_the_money_and_approval_posts_it_while_rejection_releases_it()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var provider = Browser.For(factory);
        await provider.SignInAsync(DemoSeeder.Provider.Email);
        var start = await WalletAsync(organization);

        var tooMuch = await provider.SubmitAsync($"/org/{organization}/wallet", new Dictionary<string, string> { ["Payout.Amount"] = "999999", ["Payout.BankAccount"] = "ICBC 6222" }, $"/org/{organization}/wallet?handler=Payout");
        Assert.Contains("more than the wallet's available balance", WebUtilityDecode(await tooMuch.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(start, await WalletAsync(organization));

        Assert.Equal(HttpStatusCode.Redirect, (await provider.SubmitAsync($"/org/{organization}/wallet", new Dictionary<string, string> { ["Payout.Amount"] = "100", ["Payout.BankAccount"] = "ICBC 6222" }, $"/org/{organization}/wallet?handler=Payout")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await provider.SubmitAsync($"/org/{organization}/wallet", new Dictionary<string, string> { ["Payout.Amount"] = "50", ["Payout.BankAccount"] = "ICBC 6222" }, $"/org/{organization}/wallet?handler=Payout")).StatusCode);
        var held = await WalletAsync(organization);
        Assert.Equal(start.Available - 150_00, held.Available);
        Assert.Equal(150_00, held.Held);

        var payouts = await factory.WithDatabase(db => db.Payouts.Where(p => p.OrganizationId == organization).OrderByDescending(p => p.Amount).ToListAsync());
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync("/admin/wallets", new Dictionary<string, string>(), $"/admin/wallets?handler=Payout&id={payouts[0].Id}&approve=true")).StatusCode);
        var noReason = await admin.SubmitAsync("/admin/wallets", new Dictionary<string, string>(), $"/admin/wallets?handler=Payout&id={payouts[1].Id}&approve=false");
        Assert.Contains("Say why the payout is rejected", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync("/admin/wallets", new Dictionary<string, string> { ["note"] = "Account name does not match" }, $"/admin/wallets?handler=Payout&id={payouts[1].Id}&approve=false")).StatusCode);

        var end = await WalletAsync(organization);
        Assert.Equal(start.Posted - 100_00, end.Posted);
        Assert.Equal(0, end.Held);
        Assert.Equal(PayoutStatus.Rejected, await factory.WithDatabase(db => db.Payouts.Where(p => p.Id == payouts[1].Id).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task Buyers_cannot_request_payouts_and_members_cannot_decide_anything()
    {
        var buyerOrganization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);

        var payout = await buyer.SubmitAsync($"/org/{buyerOrganization}/wallet", new Dictionary<string, string> { ["Payout.Amount"] = "10", ["Payout.BankAccount"] = "x" }, $"/org/{buyerOrganization}/wallet?handler=Payout");

        Assert.Equal(HttpStatusCode.Forbidden, payout.StatusCode);
        Assert.False(await factory.WithDatabase(db => db.Payouts.AnyAsync(p => p.OrganizationId == buyerOrganization)));
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/admin/wallets")).StatusCode);
    }

    [Theory]
    [InlineData("/audit/ledger")]
    [InlineData("/audit/log")]
    [InlineData("/audit/accounts/1")]
    [InlineData("/audit/accounts/1?handler=Export")]
    public async Task The_audit_console_is_for_auditors_and_administrators_only(string path)
    {
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Browser.For(factory).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task An_auditor_cannot_confirm_top_ups()
    {
        var topUp = await factory.WithDatabase(db => db.TopUps.FirstAsync(t => t.Reference == "CM-DEMO-0001"));
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);

        var response = await auditor.SubmitAsync("/audit/ledger", new Dictionary<string, string>(), $"/admin/wallets?handler=TopUp&id={topUp.Id}&confirm=true");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(TopUpStatus.Requested, await factory.WithDatabase(db => db.TopUps.Where(t => t.Id == topUp.Id).Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_ledger_page_shows_a_balanced_trial_balance_and_an_intact_chain()
    {
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);

        var page = await auditor.GetPageAsync("/audit/ledger");

        Assert.Contains("data-testid=\"chain-status\">Intact", page, StringComparison.Ordinal);
        Assert.Contains("All invariants hold.", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"difference-money-posted\">0<", page, StringComparison.Ordinal);
    }

    private static string WebUtilityDecode(string html) => WebUtility.HtmlDecode(html);

    [GeneratedRegex("CM-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex Reference();

    [GeneratedRegex("<div class=\"border rounded[^\"]*\" data-testid=\"pay-top-up\".*?</dl>", RegexOptions.Singleline)]
    private static partial Regex PayCard();
}