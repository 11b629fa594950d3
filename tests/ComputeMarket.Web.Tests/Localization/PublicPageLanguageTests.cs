using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests.Localization;

/// <summary>The home page, the error pages and the invitation landing page speak both languages; the site has an icon.</summary>
public sealed partial class PublicPageLanguageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Browser Speaking(string acceptLanguage)
    {
        var browser = Browser.For(factory);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return browser;
    }

    private static string Title(string page) => WebUtility.HtmlDecode(FirstHeading().Match(page).Groups[1].Value.Trim());

    [Theory]
    [InlineData("zh-CN", "按 Token 购买和储存 GPU 算力。")]
    [InlineData("en", "Buy and bank GPU compute, by the token.")]
    public async Task The_home_page_speaks_the_browsers_language(string language, string heading)
    {
        var page = await Speaking(language).GetPageAsync("/");

        Assert.Equal(language, HtmlLang().Match(page).Groups[1].Value);
        Assert.Equal(heading, Title(page));
    }

    [Theory]
    [InlineData(400, "无法理解此请求", "That request could not be understood")]
    [InlineData(403, "您无权打开此页面", "You may not open this page")]
    [InlineData(404, "页面不存在", "Page not found")]
    [InlineData(405, "此页面不接受该请求", "This page does not take that request")]
    [InlineData(429, "尝试次数过多", "Too many attempts")]
    [InlineData(500, "服务器出了点问题", "Something went wrong on our side")]
    public async Task Every_error_page_speaks_both_languages(int code, string chinese, string english)
    {
        var inChinese = await Speaking("zh-CN").GetPageAsync($"/Error/{code}");
        var inEnglish = await Speaking("en").GetPageAsync($"/Error/{code}");

        Assert.Contains($"<h1 class=\"h4\">{chinese}</h1>", inChinese, StringComparison.Ordinal);
        Assert.DoesNotContain(english, inChinese, StringComparison.Ordinal);
        Assert.Contains($"<h1 class=\"h4\">{english}</h1>", inEnglish, StringComparison.Ordinal);
        Assert.Contains(code >= 500 ? "参考编号" : "返回首页", inChinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_that_is_no_page_answers_404_in_Chinese()
    {
        var response = await Speaking("zh-CN").GetAsync("/no-such-page-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invitation_landing_page_speaks_Chinese_and_shows_its_expiry_in_China_time()
    {
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.SecondBuyer.Email);
        var organization = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.SecondBuyerOrganization).Select(o => o.Id).SingleAsync());
        var created = await owner.Client.PostAsJsonAsync($"/api/v1/organizations/{organization}/invitations", new { validForDays = 3, role = "Viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var link = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetString()!);

        var stranger = await Speaking("zh-CN").GetPageAsync(link.AbsolutePath);
        Assert.Equal($"加入 {DemoSeeder.SecondBuyerOrganization}", Title(stranger));
        Assert.Contains("注册账户并加入", stranger, StringComparison.Ordinal);

        var signedIn = Speaking("zh-CN");
        await signedIn.SignInAsync(DemoSeeder.Buyer.Email);
        var page = await signedIn.GetPageAsync(link.AbsolutePath);
        Assert.Contains("链接有效期至", page, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+8", WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task The_site_has_an_icon()
    {
        var response = await Browser.For(factory).GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("image/", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0);
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.ico\"", await Browser.For(factory).GetPageAsync("/"), StringComparison.Ordinal);
    }

    [GeneratedRegex("<html lang=\"([^\"]+)\"")]
    private static partial Regex HtmlLang();

    [GeneratedRegex(@"<h1[^>]*>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex FirstHeading();
}

/// <summary>The development outbox, in Chinese.</summary>
public sealed class DevelopmentOutboxLanguageTests(DevelopmentFactory factory) : IClassFixture<DevelopmentFactory>
{
    [Fact]
    public async Task The_development_outbox_speaks_Chinese_and_shows_times_in_China_time()
    {
        var browser = Browser.For(factory);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        await browser.SubmitAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = DemoSeeder.Buyer.Email });

        var page = WebUtility.HtmlDecode(await browser.GetPageAsync("/dev/outbox"));

        Assert.Contains("<h1 class=\"h3 mb-1\">开发发件箱</h1>", page, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\+8", page);
    }
}
