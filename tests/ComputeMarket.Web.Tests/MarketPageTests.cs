using System.Net;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>The market's pages over HTTP: public catalog, offer pages, and who may open provider and buyer pages.</summary>
public sealed class MarketPageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> OrganizationIdAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    [Fact]
    public async Task The_catalog_is_public_seeded_and_keeps_its_filters_in_the_query_string()
    {
        var browser = Browser.For(factory);

        var all = WebUtility.HtmlDecode(await browser.GetPageAsync("/market"));
        var filtered = WebUtility.HtmlDecode(await browser.GetPageAsync("/market?gpu=H20&sort=Throughput"));
        var bad = WebUtility.HtmlDecode(await browser.GetPageAsync("/market?maxPrice=abc"));

        var active = await factory.WithDatabase(db => db.Offers.CountAsync(o => o.Status == OfferStatus.Active));
        Assert.True(active >= 30, $"the demo catalog has {active} active offers");
        Assert.Contains($"{active:N0} offers", all, StringComparison.Ordinal);
        var h20 = await factory.WithDatabase(db => db.Offers.CountAsync(o => o.Status == OfferStatus.Active && o.GpuModel == "H20"));
        Assert.Contains($"{h20:N0} offers", filtered, StringComparison.Ordinal);
        Assert.Contains("<option value=\"H20\" selected=\"selected\">H20</option>", filtered, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Throughput\" selected=\"selected\">Throughput</option>", filtered, StringComparison.Ordinal);
        Assert.Contains("Enter an amount", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offer_page_shows_prices_history_and_delivery_record_and_asks_anonymous_visitors_to_sign_in()
    {
        var offer = await factory.WithDatabase(db => db.Offers.OrderBy(o => o.MaxPricePerMillion).FirstAsync(o => o.Status == OfferStatus.Active));

        var page = WebUtility.HtmlDecode(await Browser.For(factory).GetPageAsync($"/market/offers/{offer.Id}"));

        Assert.Contains(offer.ServedModel, page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"price-history\"", page, StringComparison.Ordinal);
        Assert.Contains("Provider's delivery record", page, StringComparison.Ordinal);
        Assert.Contains("to buy.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.For(factory).GetAsync($"/market/offers/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Listing_pages_are_for_members_of_verified_providers_only()
    {
        var provider = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var buyerOrg = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var providerBrowser = Browser.For(factory);
        await providerBrowser.SignInAsync(DemoSeeder.Provider.Email);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);

        Assert.Contains("Your listings", await providerBrowser.GetPageAsync($"/org/{provider}/listings"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await providerBrowser.GetAsync($"/org/{provider}/listings/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/org/{provider}/listings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/org/{buyerOrg}/listings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/org/{buyerOrg}/listings/new")).StatusCode);
        var offer = await factory.WithDatabase(db => db.Offers.Where(o => o.ProviderOrganizationId == provider).Select(o => o.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/org/{provider}/listings/{offer}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await providerBrowser.GetAsync($"/org/{provider}/listings/{offer}/edit")).StatusCode);
    }

    [Fact]
    public async Task A_listing_posted_with_bad_values_shows_messages_on_the_page_and_writes_nothing()
    {
        var provider = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Provider.Email);
        var before = await factory.WithDatabase(db => db.Offers.CountAsync());

        var response = await browser.SubmitAsync($"/org/{provider}/listings/new", new Dictionary<string, string>
        {
            ["Form.ServedModel"] = "",
            ["Form.GpuModel"] = "H100",
            ["Form.GpuCount"] = "0",
            ["Form.VramGbPerGpu"] = "24",
            ["Form.Region"] = "East China (Shanghai)",
            ["Form.ThroughputTokensPerSecond"] = "1000",
            ["Form.TotalQuotaTokens"] = "0",
            ["Form.AvailableFromUtc"] = "2020-01-01T00:00",
            ["Form.AvailableUntilUtc"] = "2020-02-01T00:00",
            ["Form.InputPrice"] = "0",
            ["Form.OutputPrice"] = "x",
            ["Form.MinimumPurchaseTokens"] = "1",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        foreach (var message in new[] { "Name the model you serve", "A listing has 1 to 4,096 GPUs.", "A H100 has 80 to 94 GB of memory.", "The availability window must end in the future.", "The token quota must be greater than zero.", "Enter the input price", "Enter the output price" })
        {
            Assert.Contains(message, page, StringComparison.Ordinal);
        }

        Assert.Equal(before, await factory.WithDatabase(db => db.Offers.CountAsync()));
    }

    [Fact]
    public async Task A_member_of_another_organization_cannot_open_its_allocations()
    {
        var buyerOrg = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var outsider = Browser.For(factory);
        await outsider.SignInAsync(DemoSeeder.SecondBuyer.Email);

        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/org/{buyerOrg}/allocations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/org/{buyerOrg}/allocations/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_verifies_a_provider_and_the_action_is_audited()
    {
        var buyerOrg = await OrganizationIdAsync(DemoSeeder.SecondBuyerOrganization);
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.SecondBuyer.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/admin/organizations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.SubmitAsync("/dashboard", new Dictionary<string, string>(), $"/admin/organizations?handler=Verify&id={buyerOrg}&verified=true")).StatusCode);

        var verified = await admin.SubmitAsync("/admin/organizations", new Dictionary<string, string>(), $"/admin/organizations?handler=Verify&id={buyerOrg}&verified=true");

        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.True(await factory.WithDatabase(db => db.Organizations.Where(o => o.Id == buyerOrg).Select(o => o.IsVerifiedProvider).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync($"/org/{buyerOrg}/listings")).StatusCode);
        Assert.True(await factory.WithDatabase(db => db.AuditEntries.AnyAsync(a => a.Action == "Organization.VerifyProvider" && a.Subject == $"organization:{buyerOrg}")));
    }

    [Fact]
    public async Task A_provider_adds_a_package_on_the_listing_page_and_it_is_on_sale_on_the_offer_page()
    {
        var provider = await OrganizationIdAsync(DemoSeeder.SecondProviderOrganization);
        var offer = await factory.WithDatabase(db => db.Offers.Where(o => o.ProviderOrganizationId == provider && o.Status == OfferStatus.Active).Select(o => o.Id).FirstAsync());
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.SecondProvider.Email);

        var added = await browser.SubmitAsync($"/org/{provider}/listings/{offer}/edit", new Dictionary<string, string>
        {
            ["Package.Name"] = "Night owl 50M",
            ["Package.Tokens"] = "50000000",
            ["Package.Price"] = "149.00",
            ["Package.ValidityDays"] = "14",
            ["Package.ExpiryRule"] = "0",
        }, $"/org/{provider}/listings/{offer}/edit?handler=Package");
        var invalid = await browser.SubmitAsync($"/org/{provider}/listings/{offer}/edit", new Dictionary<string, string>
        {
            ["Package.Name"] = "",
            ["Package.Tokens"] = "0",
            ["Package.Price"] = "free",
            ["Package.ValidityDays"] = "0",
            ["Package.ExpiryRule"] = "0",
        }, $"/org/{provider}/listings/{offer}/edit?handler=Package");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("Night owl 50M", await Browser.For(factory).GetPageAsync($"/market/offers/{offer}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("A package is valid for 1 to 366 days.", WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDatabase(db => db.TokenPackages.CountAsync(p => p.OfferId == offer && p.Name == "Night owl 50M")));
    }
}
