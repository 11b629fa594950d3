using System.Net;
using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests.Localization;

public sealed partial class LanguageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Browser Speaking(string? acceptLanguage)
    {
        var browser = Browser.For(factory);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        if (acceptLanguage is not null)
        {
            browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return browser;
    }

    [Theory]
    [InlineData("zh-CN", "zh-CN", "算力超市")]
    [InlineData("zh", "zh-CN", "算力超市")]
    [InlineData("zh-Hans-CN,en;q=0.5", "zh-CN", "算力超市")]
    [InlineData("en-US,en;q=0.9", "en", "Catalog")]
    [InlineData("fr-FR,en;q=0.8", "en", "Catalog")]
    [InlineData("en;q=0.4,zh-TW;q=0.9", "zh-CN", "算力超市")]
    [InlineData(null, "zh-CN", "算力超市")]
    [InlineData("fr-FR", "zh-CN", "算力超市")]
    public async Task The_site_speaks_the_browsers_language_and_says_so_in_html_lang(string? acceptLanguage, string expected, string catalog)
    {
        var page = await Speaking(acceptLanguage).GetPageAsync("/market");

        Assert.Equal(expected, HtmlLang().Match(page).Groups[1].Value);
        Assert.Contains($"data-testid=\"nav-catalog\">{catalog}</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switch_in_the_header_is_remembered_in_a_cookie_and_returns_to_the_page()
    {
        var browser = Speaking("en");
        var english = await browser.GetPageAsync("/market?sort=price");
        Assert.Contains("data-testid=\"language-switch\"", english, StringComparison.Ordinal);

        var switched = await browser.SubmitAsync("/market", new Dictionary<string, string> { ["language"] = "zh-CN", ["returnUrl"] = "/market?sort=price" }, "/language");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/market?sort=price", switched.Headers.Location?.OriginalString);
        Assert.Contains(switched.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal) && cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var chinese = await browser.GetPageAsync("/market");
        Assert.Equal("zh-CN", HtmlLang().Match(chinese).Groups[1].Value);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("zh-CN<script>")]
    [InlineData("")]
    public async Task A_language_the_site_does_not_speak_is_refused_with_a_message_and_changes_nothing(string language)
    {
        var browser = Speaking("en");

        var response = await browser.SubmitAsync("/language", new Dictionary<string, string> { ["language"] = language });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose 中文 or English.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_return_address_off_the_site_is_not_followed()
    {
        var response = await Speaking("en").SubmitAsync("/language", new Dictionary<string, string> { ["language"] = "en", ["returnUrl"] = "https://evil.example/" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_signed_in_persons_choice_is_kept_on_the_account_and_follows_them_to_another_browser()
    {
        var email = DemoSeeder.SecondBuyer.Email;
        var laptop = Speaking("en");
        await laptop.SignInAsync(email);

        await laptop.SubmitAsync("/dashboard", new Dictionary<string, string> { ["language"] = "zh-CN", ["returnUrl"] = "/dashboard" }, "/language");

        var stored = await factory.WithDatabase(db => db.Users.Where(u => u.Email == email).Select(u => u.PreferredLanguage).SingleAsync());
        Assert.Equal("zh-CN", stored);
        var phone = Speaking("en-US");
        await phone.SignInAsync(email);
        Assert.Equal("zh-CN", HtmlLang().Match(await phone.GetPageAsync("/dashboard")).Groups[1].Value);

        // Back to English on the phone: the account follows, and the laptop hears of it at its next sign-in.
        await phone.SubmitAsync("/dashboard", new Dictionary<string, string> { ["language"] = "en", ["returnUrl"] = "/dashboard" }, "/language");
        Assert.Equal("en", await factory.WithDatabase(db => db.Users.Where(u => u.Email == email).Select(u => u.PreferredLanguage).SingleAsync()));
    }

    [GeneratedRegex("<html lang=\"([^\"]*)\"")]
    private static partial Regex HtmlLang();
}
