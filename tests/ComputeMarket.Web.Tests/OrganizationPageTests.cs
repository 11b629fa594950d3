using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ComputeMarket.Application.Market;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Web.Tests.Hostile;
using ComputeMarket.Web.TagHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Tests;

/// <summary>The organization's pages in both languages: China time, localized roles and statuses, and confirmation before what cannot be undone.</summary>
public sealed partial class OrganizationPageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> OrganizationIdAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    private static void Speak(Browser browser, string language)
    {
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
    }

    [Fact]
    public async Task Retiring_a_listing_and_withdrawing_a_package_ask_first_and_say_what_happens()
    {
        var provider = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var offer = await factory.WithDatabase(db => db.Offers.Where(o => o.ProviderOrganizationId == provider && o.Status == OfferStatus.Active).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync());
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.Provider.Email);
        var added = await browser.SubmitAsync($"/org/{provider}/listings/{offer}/edit", new Dictionary<string, string>
        {
            ["Package.Name"] = "Weekend 20M",
            ["Package.Tokens"] = "20000000",
            ["Package.Price"] = "59.00",
            ["Package.ValidityDays"] = "7",
            ["Package.ExpiryRule"] = "1",
        }, $"/org/{provider}/listings/{offer}/edit?handler=Package");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var listings = WebUtility.HtmlDecode(await browser.GetPageAsync($"/org/{provider}/listings"));
        var edit = WebUtility.HtmlDecode(await browser.GetPageAsync($"/org/{provider}/listings/{offer}/edit"));

        var retire = Forms().Matches(listings).Select(m => m.Value).First(f => f.Contains($"offerId={offer}", StringComparison.Ordinal) && f.Contains("action=Retire", StringComparison.Ordinal));
        Assert.Contains("data-confirm=\"Retire this listing? It leaves the catalog for good and cannot be published again.", retire, StringComparison.Ordinal);
        var pause = Forms().Matches(listings).Select(m => m.Value).First(f => f.Contains($"offerId={offer}", StringComparison.Ordinal) && f.Contains("action=Pause", StringComparison.Ordinal));
        Assert.DoesNotMatch("data-confirm=\"[^\"]+\"", pause);
        var withdraw = Forms().Matches(edit).Select(m => m.Value).Single(f => f.Contains("handler=WithdrawPackage", StringComparison.Ordinal) && f.Contains("Weekend 20M", StringComparison.Ordinal));
        Assert.Contains("data-confirm=\"Withdraw the package “Weekend 20M”? Buyers can no longer buy it; packages already sold keep running until they expire.\"", withdraw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_listing_window_is_shown_and_entered_in_china_time()
    {
        var provider = await OrganizationIdAsync(DemoSeeder.SecondProviderOrganization);
        var offer = await factory.WithDatabase(db => db.Offers.Where(o => o.ProviderOrganizationId == provider && o.Status == OfferStatus.Active).OrderBy(o => o.Id).FirstAsync());
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.SecondProvider.Email);
        var path = $"/org/{provider}/listings/{offer.Id}/edit";

        var page = await browser.GetPageAsync(path);
        var china = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var shown = Value().Match(Input("Form.AvailableFromUtc").Match(page).Value).Groups[1].Value;
        Assert.Equal(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(offer.AvailableFromUtc, DateTimeKind.Utc), china).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture), shown);
        Assert.Contains("(UTC+8)", WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        var form = HtmlForms.Read(page, path).Single(f => f.Handler is null && f.Fields.Any(field => field.Key == "Form.AvailableUntilUtc"));
        var until = offer.AvailableUntilUtc.AddDays(3).Date.AddHours(10);
        var fields = form.Fields.Where(f => f.Key != "Form.AvailableUntilUtc").GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value);
        fields["Form.AvailableUntilUtc"] = until.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var saved = await browser.SubmitAsync(path, fields, path);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(until.AddHours(-8), await factory.WithDatabase(db => db.Offers.Where(o => o.Id == offer.Id).Select(o => o.AvailableUntilUtc).SingleAsync()));
    }

    [Fact]
    public async Task The_organization_page_speaks_chinese_with_roles_in_chinese_and_times_in_china_time()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);
        Speak(owner, "zh-CN");
        var joined = await factory.WithDatabase(db => db.Memberships.Where(m => m.OrganizationId == organization).OrderBy(m => m.JoinedAtUtc).Select(m => m.JoinedAtUtc).FirstAsync());

        var page = await owner.GetPageAsync($"/org/{organization}");

        Assert.Contains("成员", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Owner\" selected=\"selected\">所有者</option>", page, StringComparison.Ordinal);
        Assert.Contains("查看者", page, StringComparison.Ordinal);
        Assert.Contains(TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.SpecifyKind(joined, DateTimeKind.Utc), "Asia/Shanghai").ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
        Assert.DoesNotContain(" UTC<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_providers_to_verify_page_speaks_chinese_and_asks_before_withdrawing_a_verification()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        Speak(admin, "zh-CN");

        var page = WebUtility.HtmlDecode(await admin.GetPageAsync("/admin/organizations"));

        Assert.Contains("认证为提供方", page, StringComparison.Ordinal);
        Assert.Contains("撤销认证", page, StringComparison.Ordinal);
        Assert.Contains("data-confirm=\"确定撤销 " + DemoSeeder.ProviderOrganization + " 的认证？", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_value_people_read_of_a_role_status_or_kind_has_a_name_in_both_languages()
    {
        var localizer = factory.Services.GetRequiredService<IStringLocalizer<EnumTextTagHelper>>();
        Enum[] values =
        [
            .. Enum.GetValues<MembershipRole>().Cast<Enum>(), .. Enum.GetValues<OfferStatus>().Cast<Enum>(), .. Enum.GetValues<OfferAction>().Cast<Enum>(),
            .. Enum.GetValues<AllocationKind>().Cast<Enum>(), .. Enum.GetValues<AllocationStatus>().Cast<Enum>(), .. Enum.GetValues<AllocationCloseReason>().Cast<Enum>(),
            .. Enum.GetValues<PackageExpiryRule>().Cast<Enum>(),
        ];
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var language in new[] { "en", "zh-CN" })
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
                Assert.All(values, value => Assert.False(localizer[EnumTextTagHelper.Key(value)].ResourceNotFound, $"{EnumTextTagHelper.Key(value)} in {language}"));
            }

            Assert.Equal("所有者", EnumTextTagHelper.Text(localizer, MembershipRole.Owner));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("Sold out", EnumTextTagHelper.Text(localizer, OfferStatus.SoldOut));
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static Regex Input(string name) => new($"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>");

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex Value();

    [GeneratedRegex("<form[^>]*>")]
    private static partial Regex Forms();
}
