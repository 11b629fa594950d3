using System.Net;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>The catalog's words (counts, pages, package marker) and the offer page's review step, over HTTP.</summary>
public sealed class CatalogPageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    [Fact]
    public async Task The_catalog_labels_pages_as_pages_and_marks_offers_with_packages()
    {
        var active = await factory.WithDatabase(db => db.Offers.CountAsync(o => o.Status == OfferStatus.Active));
        var withPackage = await factory.WithDatabase(db => db.TokenPackages.Where(p => p.IsOnSale)
            .Join(db.Offers, p => p.OfferId, o => o.Id, (p, o) => o).FirstAsync(o => o.Status == OfferStatus.Active));
        var browser = Browser.For(factory);

        var first = WebUtility.HtmlDecode(await browser.GetPageAsync("/market"));
        var second = WebUtility.HtmlDecode(await browser.GetPageAsync("/market?p=2"));
        var packaged = WebUtility.HtmlDecode(await browser.GetPageAsync($"/market?model={Uri.EscapeDataString(withPackage.ServedModel)}&gpu={Uri.EscapeDataString(withPackage.GpuModel)}&region={Uri.EscapeDataString(withPackage.Region)}"));

        var pages = (active + 19) / 20;
        Assert.True(pages >= 2, $"the demo catalog has {active} active offers");
        Assert.Contains($"Page 1 of {pages}", first, StringComparison.Ordinal);
        Assert.Contains($"Page 2 of {pages}", second, StringComparison.Ordinal);
        Assert.Contains("Next page", first, StringComparison.Ordinal);
        Assert.Contains("Previous page", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Older", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Newer", second, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"has-packages\"", packaged, StringComparison.Ordinal);
        Assert.Contains("Sorted by Price (the higher of input and output), Cheapest first.", first, StringComparison.Ordinal);
        Assert.Contains("(3 × input + output) ÷ 4", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalog_says_one_offer_in_the_singular_in_both_languages()
    {
        var offers = await factory.WithDatabase(db => db.Offers.Where(o => o.Status == OfferStatus.Active).Select(o => new { o.GpuModel, o.Region, o.ServedModel }).ToListAsync());
        var single = offers.GroupBy(o => o).First(g => g.Count() == 1).Key;
        var query = $"/market?model={Uri.EscapeDataString(single.ServedModel)}&gpu={Uri.EscapeDataString(single.GpuModel)}&region={Uri.EscapeDataString(single.Region)}";
        var english = Browser.For(factory);
        var chinese = Browser.For(factory);
        chinese.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        chinese.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var one = WebUtility.HtmlDecode(await english.GetPageAsync(query));
        var all = WebUtility.HtmlDecode(await english.GetPageAsync("/market"));
        var yi = WebUtility.HtmlDecode(await chinese.GetPageAsync(query));
        var quan = WebUtility.HtmlDecode(await chinese.GetPageAsync("/market?sort=Blended&dir=Descending"));

        Assert.Contains(">1 offer<", one, StringComparison.Ordinal);
        Assert.Contains($">{offers.Count:N0} offers<", all, StringComparison.Ordinal);
        Assert.Contains(">共 1 个报价<", yi, StringComparison.Ordinal);
        Assert.Contains($">共 {offers.Count:N0} 个报价<", quan, StringComparison.Ordinal);
        Assert.Contains("按综合价格（输入 : 输出 = 3 : 1）排序，从高到低。", quan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_review_shows_the_available_balance_and_refuses_an_order_the_wallet_cannot_pay_with_the_shortfall()
    {
        var (lanting, offer) = await factory.WithDatabase(async db =>
        {
            var lanting = await db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync();
            var offers = await db.Offers.Where(o => o.Status == OfferStatus.Active).ToListAsync();
            return (lanting, offers.First(o => Pricing.MaxCost(o.RemainingTokens, o.MaxPricePerMillion) > 100_000_00 && o.RemainingTokens >= o.MinimumPurchaseTokens));
        });
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        var path = $"/market/offers/{offer.Id}";

        var affordable = await buyer.SubmitAsync(path, new Dictionary<string, string> { ["Order.BuyerOrganizationId"] = lanting.ToString(), ["Order.Tokens"] = offer.MinimumPurchaseTokens.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"{path}?handler=Review");
        var tooDear = await buyer.SubmitAsync(path, new Dictionary<string, string> { ["Order.BuyerOrganizationId"] = lanting.ToString(), ["Order.Tokens"] = offer.RemainingTokens.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"{path}?handler=Review");
        var ok = WebUtility.HtmlDecode(await affordable.Content.ReadAsStringAsync());
        var refused = WebUtility.HtmlDecode(await tooDear.Content.ReadAsStringAsync());

        Assert.Contains("data-testid=\"available-balance\"", ok, StringComparison.Ordinal);
        Assert.Contains("Available in " + DemoSeeder.FirstBuyerOrganization + "'s wallet:", ok, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"confirm-order\"", ok, StringComparison.Ordinal);
        Assert.Contains("data-confirm=\"Hold ¥", ok, StringComparison.Ordinal);
        Assert.Contains("name=\"Order.FormToken\"", ok, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"shortfall\"", refused, StringComparison.Ordinal);
        Assert.Contains("it needs ¥", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"confirm-order\"", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_viewing_its_own_offer_is_told_so()
    {
        var offer = await factory.WithDatabase(async db =>
        {
            var huadong = await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
            return await db.Offers.Where(o => o.ProviderOrganizationId == huadong && o.Status == OfferStatus.Active).Select(o => o.Id).FirstAsync();
        });
        var provider = Browser.For(factory);
        await provider.SignInAsync(DemoSeeder.Provider.Email);

        var own = WebUtility.HtmlDecode(await provider.GetPageAsync($"/market/offers/{offer}"));
        var visitor = WebUtility.HtmlDecode(await Browser.For(factory).GetPageAsync($"/market/offers/{offer}"));

        Assert.Contains("This is your organization's offer", own, StringComparison.Ordinal);
        Assert.DoesNotContain("This is your organization's offer", visitor, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"allocations-served\"", visitor, StringComparison.Ordinal);
    }
}
