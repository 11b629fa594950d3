using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Web.TagHelpers;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>An allocation's own page: its access key once, right after the order, and cancelling it there.</summary>
public sealed partial class AllocationPageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> BuyerOrganizationAsync() =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync());

    private Task<AccountBalance> WalletAsync(Guid organizationId) =>
        factory.WithDatabase(async db => (await db.Accounts.SingleAsync(a => a.OwnerOrganizationId == organizationId && a.Asset == Asset.Money && a.Code == AccountCode.Wallet)).Balance);

    /// <summary>Orders the smallest amount of an open offer as <paramref name="buyer"/>; returns the allocation page's path.</summary>
    private async Task<string> OrderAsync(Browser buyer, Guid organization)
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var offers = await factory.WithDatabase(db => db.Offers.Where(o => o.Status == OfferStatus.Active).ToListAsync());
        var offer = offers.OrderBy(o => o.Id).First(o => o.AvailableFromUtc <= now && now < o.AvailableUntilUtc && o.TotalQuotaTokens - o.ReservedTokens >= o.MinimumPurchaseTokens);
        var ordered = await buyer.SubmitAsync($"/market/offers/{offer.Id}", new Dictionary<string, string>
        {
            ["Order.BuyerOrganizationId"] = organization.ToString(),
            ["Order.Tokens"] = offer.MinimumPurchaseTokens.ToString(CultureInfo.InvariantCulture),
            ["Order.QuotedInputPricePerMillion"] = offer.InputPricePerMillion.ToString(CultureInfo.InvariantCulture),
            ["Order.QuotedOutputPricePerMillion"] = offer.OutputPricePerMillion.ToString(CultureInfo.InvariantCulture),
        }, $"/market/offers/{offer.Id}?handler=Confirm");
        Assert.Equal(HttpStatusCode.Redirect, ordered.StatusCode);
        var path = ordered.Headers.Location!.AbsolutePathOf();
        Assert.StartsWith($"/org/{organization}/allocations/", path, StringComparison.Ordinal);
        return path;
    }

    private static Guid AllocationIdOf(string path) => Guid.Parse(path.Split('/')[^1]);

    [Fact]
    public async Task The_access_key_is_shown_once_with_a_copy_button_its_endpoint_and_an_example_and_then_only_its_prefix()
    {
        var organization = await BuyerOrganizationAsync();
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        var path = await OrderAsync(buyer, organization);

        var first = await buyer.GetAsync(path);
        var firstPage = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        var second = WebUtility.HtmlDecode(await buyer.GetPageAsync(path));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl?.NoStore, "the response carrying the key is not to be stored");
        var key = AccessKey().Match(firstPage);
        Assert.True(key.Success, "the key is on the page right after the order");
        var prefix = await factory.WithDatabase(db => db.Allocations.Where(a => a.Id == AllocationIdOf(path)).Select(a => a.AccessKeyPrefix).SingleAsync());
        Assert.StartsWith(prefix, key.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("data-copy=\"#access-key\"", firstPage, StringComparison.Ordinal);
        Assert.Matches("<title>Allocation · [^{<]+ · ComputeMarket</title>", firstPage);
        Assert.Contains("https://localhost/api/v1/usage/summary", firstPage, StringComparison.Ordinal);
        Assert.Contains($"curl -H \"Authorization: Bearer {key.Groups[1].Value}\" https://localhost/api/v1/usage/summary", firstPage, StringComparison.Ordinal);

        Assert.DoesNotContain(key.Groups[1].Value, second, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"access-key\"", second, StringComparison.Ordinal);
        Assert.Contains($"{prefix}…", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Cancelled. {0} released to your wallet.")]
    [InlineData("zh-CN", "已取消，{0} 已退回钱包。")]
    public async Task Cancelling_on_the_allocation_page_releases_the_hold_and_says_how_much_was_released(string language, string message)
    {
        var organization = await BuyerOrganizationAsync();
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.BuyerPurchaser.Email);
        buyer.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        buyer.Client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        var path = await OrderAsync(buyer, organization);
        var page = await buyer.GetPageAsync(path);
        Assert.Matches("data-confirm=\"[^\"]+\"", CancelForm().Match(page).Value);
        var before = await WalletAsync(organization);

        var cancelled = await buyer.SubmitAsync(path, new Dictionary<string, string>(), $"{path}?handler=Cancel");
        var after = await WalletAsync(organization);
        var shown = WebUtility.HtmlDecode(await buyer.GetPageAsync(path));
        var again = WebUtility.HtmlDecode(await buyer.GetPageAsync(path));

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(path, cancelled.Headers.Location!.AbsolutePathOf());
        var released = after.Available - before.Available;
        Assert.True(released > 0, "the hold went back to the wallet");
        Assert.Equal(before.Held - released, after.Held);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, message, AmountTagHelper.Format(released, Asset.Money, "CNY")), shown, StringComparison.Ordinal);
        Assert.Equal(AllocationStatus.Closed, await factory.WithDatabase(db => db.Allocations.Where(a => a.Id == AllocationIdOf(path)).Select(a => a.Status).SingleAsync()));
        Assert.DoesNotContain("data-testid=\"notice\"", again, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"cancel-form\"", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_sees_no_cancel_button_and_cannot_cancel_by_posting()
    {
        var organization = await BuyerOrganizationAsync();
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);
        var path = await OrderAsync(owner, organization);
        var viewer = Browser.For(factory);
        await viewer.SignInAsync(DemoSeeder.BuyerColleague.Email);
        var before = await WalletAsync(organization);

        var page = await viewer.GetPageAsync(path);
        var refused = await viewer.SubmitAsync(path, new Dictionary<string, string>(), $"{path}?handler=Cancel");

        Assert.DoesNotContain("data-testid=\"cancel-form\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, await WalletAsync(organization));
        Assert.Equal(AllocationStatus.Active, await factory.WithDatabase(db => db.Allocations.Where(a => a.Id == AllocationIdOf(path)).Select(a => a.Status).SingleAsync()));
        Assert.Contains("data-testid=\"cancel-form\"", await owner.GetPageAsync(path), StringComparison.Ordinal);
    }

    [GeneratedRegex("<form[^>]*data-testid=\"cancel-form\"[^>]*>")]
    private static partial Regex CancelForm();

    [GeneratedRegex("data-testid=\"access-key\">([^<]+)<")]
    private static partial Regex AccessKey();
}
