using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Web.Forms;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>
/// What the site does with input it cannot read: a message at the field and nothing written, never a silent default,
/// and never a 5xx for a handler, route value or query string.
/// </summary>
public sealed class InputTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private const string SignIn = "/Identity/Account/Login";

    private Task<Guid> OrganizationIdAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    private static Dictionary<string, string> Listing(string gpuCount) => new()
    {
        ["Form.ServedModel"] = "Qwen3-32B",
        ["Form.GpuModel"] = "H100",
        ["Form.GpuCount"] = gpuCount,
        ["Form.VramGbPerGpu"] = "80",
        ["Form.Region"] = "East China (Shanghai)",
        ["Form.ThroughputTokensPerSecond"] = "1000",
        ["Form.TotalQuotaTokens"] = "100000000",
        ["Form.AvailableFromUtc"] = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm"),
        ["Form.AvailableUntilUtc"] = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-ddTHH:mm"),
        ["Form.InputPrice"] = "2.00",
        ["Form.OutputPrice"] = "8.00",
        ["Form.MinimumPurchaseTokens"] = "1000000",
    };

    [Theory]
    [InlineData("abc", "“abc” is not a whole number")]
    [InlineData("1e30", "“1e30” is not a whole number")]
    [InlineData("0x10", "“0x10” is not a whole number")]
    [InlineData("1,000.00", "“1,000.00” is not a whole number")]
    [InlineData("99999999999", "“99999999999” is not a whole number")]
    [InlineData("", "Enter a number.")]
    public async Task A_number_that_cannot_be_read_is_a_message_at_its_field_and_no_listing_is_written(string gpuCount, string message)
    {
        var provider = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Provider.Email);
        var before = await factory.WithDatabase(db => db.Offers.CountAsync());

        var response = await browser.SubmitAsync($"/org/{provider}/listings/new", Listing(gpuCount));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"data-valmsg-for=\"Form.GpuCount\" data-valmsg-replace=\"true\">{message}", page, StringComparison.Ordinal);
        Assert.Contains(UnreadableInputFilter.SummaryMessage, page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{gpuCount}\"", page, StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDatabase(db => db.Offers.CountAsync()));
    }

    [Fact]
    public async Task The_same_listing_with_a_readable_number_is_saved()
    {
        var provider = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Provider.Email);
        var before = await factory.WithDatabase(db => db.Offers.CountAsync());

        var response = await browser.SubmitAsync($"/org/{provider}/listings/new", Listing(" 4 "));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before + 1, await factory.WithDatabase(db => db.Offers.CountAsync()));
    }

    [Theory]
    [InlineData("Package.Tokens", "ten million", "“ten million” is not a whole number")]
    [InlineData("Package.ValidityDays", "abc", "“abc” is not a whole number")]
    [InlineData("Package.ExpiryRule", "99", "“99” is not a valid value here.")]
    public async Task A_package_field_that_cannot_be_read_defines_no_package(string field, string value, string message)
    {
        var provider = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var offer = await factory.WithDatabase(db => db.Offers.Where(o => o.ProviderOrganizationId == provider && o.Status == OfferStatus.Active).Select(o => o.Id).FirstAsync());
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Provider.Email);
        var fields = new Dictionary<string, string>
        {
            ["Package.Name"] = "Unreadable package",
            ["Package.Tokens"] = "10000000",
            ["Package.Price"] = "39.90",
            ["Package.ValidityDays"] = "30",
            ["Package.ExpiryRule"] = "Refund",
            [field] = value,
        };

        var response = await browser.SubmitAsync($"/org/{provider}/listings/{offer}/edit", fields, $"/org/{provider}/listings/{offer}/edit?handler=Package");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"data-valmsg-for=\"{field}\" data-valmsg-replace=\"true\">{message}", page, StringComparison.Ordinal);
        Assert.False(await factory.WithDatabase(db => db.TokenPackages.AnyAsync(p => p.Name == "Unreadable package")));
    }

    [Fact]
    public async Task An_invitation_validity_that_cannot_be_read_creates_no_invitation()
    {
        var buyer = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Buyer.Email);
        var before = await factory.WithDatabase(db => db.Invitations.CountAsync());

        var response = await browser.SubmitAsync($"/org/{buyer}", new Dictionary<string, string> { ["Input.ValidForDays"] = "abc" }, $"/org/{buyer}?handler=Invite");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("“abc” is not a whole number", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDatabase(db => db.Invitations.CountAsync()));
    }

    [Fact]
    public async Task A_quote_for_more_tokens_than_any_offer_holds_is_a_message_not_an_error_page()
    {
        var offer = await factory.WithDatabase(db => db.Offers.Where(o => o.Status == OfferStatus.Active).Select(o => o.Id).FirstAsync());
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Buyer.Email);

        var response = await browser.SubmitAsync($"/market/offers/{offer}", new Dictionary<string, string> { ["Order.Tokens"] = long.MaxValue.ToString() }, $"/market/offers/{offer}?handler=Review");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter how many tokens you want: from 1 to 1,000,000,000,000,000.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_dates_outside_the_ledger_years_are_named_at_the_field_and_exports_refuse_them()
    {
        var buyer = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Buyer.Email);
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);
        var account = await factory.WithDatabase(db => db.Accounts.Where(a => a.OwnerOrganizationId == buyer).Select(a => a.Id).FirstAsync());

        var wallet = await browser.GetAsync($"/org/{buyer}/wallet?to=9999-12-31");
        var swapped = await browser.GetAsync($"/org/{buyer}/wallet?from=2026-12-01&to=2026-11-01");
        var unreadable = await browser.GetAsync($"/org/{buyer}/wallet?from=yesterday");
        var audit = await auditor.GetAsync($"/audit/accounts/{account}?to=9999-12-31");

        Assert.Equal(HttpStatusCode.BadRequest, wallet.StatusCode);
        Assert.Contains("Choose a date between 2000-01-01 and 2999-12-31.", await wallet.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The end date is before the start date.", await swapped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("“yesterday” is not a valid value here.", WebUtility.HtmlDecode(await unreadable.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, audit.StatusCode);
        Assert.Contains("Choose a date between 2000-01-01 and 2999-12-31.", await audit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync($"/org/{buyer}/wallet?handler=Export&to=9999-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync($"/audit/accounts/{account}?handler=Export&to=9999-12-31")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/audit/log?p=2147483647")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync("/audit/ledger?p=0")).StatusCode);
    }

    [Fact]
    public async Task A_catalog_filter_that_cannot_be_read_is_named_and_not_applied()
    {
        var response = await Browser.For(factory).GetAsync("/market?minThroughput=fast&gpu=H20");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("“fast” is not a whole number", page, StringComparison.Ordinal);
        var active = await factory.WithDatabase(db => db.Offers.CountAsync(o => o.Status == OfferStatus.Active));
        Assert.Contains($"{active:N0} offers", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_to_a_handler_a_page_does_not_have_is_404_and_to_a_page_without_posts_405()
    {
        var offer = await factory.WithDatabase(db => db.Offers.Where(o => o.Status == OfferStatus.Active).Select(o => o.Id).FirstAsync());
        var anonymous = Browser.For(factory);
        var buyer = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var member = Browser.For(factory);
        await member.SignInAsync(DemoSeeder.Buyer.Email);

        // An anonymous visitor's antiforgery token, from the sign-in page's form.
        var unknownHandler = await anonymous.SubmitAsync(SignIn, new Dictionary<string, string>(), $"/market/offers/{offer}?handler=Nonsense");
        var noHandler = await anonymous.SubmitAsync(SignIn, new Dictionary<string, string>(), $"/market/offers/{offer}");
        var catalog = await anonymous.SubmitAsync(SignIn, new Dictionary<string, string>(), "/market");
        var unknownGet = await member.GetAsync($"/org/{buyer}/wallet?handler=Nonsense");
        var walletPost = await member.SubmitAsync($"/org/{buyer}/wallet", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.NotFound, unknownHandler.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, noHandler.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, catalog.StatusCode);
        Assert.Contains("GET", catalog.Content.Headers.Allow.Concat(catalog.Headers.TryGetValues("Allow", out var allow) ? allow : []));
        Assert.Equal(HttpStatusCode.NotFound, unknownGet.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, walletPost.StatusCode);
        Assert.Contains("This page does not take that request", await catalog.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_body_of_the_wrong_type_is_400_problem_details_and_creates_nothing()
    {
        var buyer = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Buyer.Email);
        var before = await factory.WithDatabase(db => db.Invitations.CountAsync());

        var response = await browser.Client.PostAsync($"/api/v1/organizations/{buyer}/invitations", JsonContent.Create(new { validForDays = "abc" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal(before, await factory.WithDatabase(db => db.Invitations.CountAsync()));
    }
}
