using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests.Localization;

/// <summary>
/// The messages of the use cases, of the API's problem details and of values that do not bind come in the request's
/// language, with field names, types and statuses unchanged.
/// </summary>
public sealed class MessageLanguageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Browser Speaking(string language)
    {
        var browser = Browser.For(factory);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return browser;
    }

    private Task<Guid> OrganizationIdAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("zh-CN", "请求中有无效的值。", "部分填写的内容无效。", "邀请的有效期为 1 到 30 天。")]
    [InlineData("en", "One or more validation errors occurred.", "Some of the values are not valid.", "An invitation is valid for 1 to 30 days.")]
    public async Task An_invalid_api_body_is_described_in_the_requests_language(string language, string title, string detail, string error)
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var owner = Speaking(language);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/organizations/{organization}/invitations", new { validForDays = 0 });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal([error], problem.GetProperty("errors").GetProperty("validForDays").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("zh-CN", "请求有误", "无法读取请求。")]
    [InlineData("en", "Bad Request", "The request could not be read.")]
    public async Task An_api_body_of_the_wrong_type_is_described_in_the_requests_language(string language, string title, string detail)
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var owner = Speaking(language);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);

        var response = await owner.Client.PostAsync($"/api/v1/organizations/{organization}/invitations", JsonContent.Create(new { validForDays = "abc" }));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "未登录", "请登录或提供 API 密钥。", "未找到", "此地址下没有内容。")]
    [InlineData("en", "Unauthorized", "Sign in or send an API key.", "Not Found", "There is nothing at this address.")]
    public async Task The_frameworks_own_problems_are_described_in_the_requests_language(string language, string unauthorizedTitle, string unauthorizedDetail, string notFoundTitle, string notFoundDetail)
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = Speaking(language);

        var anonymous = await ProblemAsync(await browser.Client.GetAsync($"/api/v1/organizations/{organization}"), HttpStatusCode.Unauthorized);
        var nowhere = await ProblemAsync(await browser.Client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);

        Assert.Equal((unauthorizedTitle, unauthorizedDetail), (anonymous.GetProperty("title").GetString(), anonymous.GetProperty("detail").GetString()));
        Assert.Equal((notFoundTitle, notFoundDetail), (nowhere.GetProperty("title").GetString(), nowhere.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("zh-CN", "Form.GpuCount", "abc", "“abc”不是有效范围内的整数：请只输入数字，例如 1000000。", "提交的部分内容无法识别，因此未做任何更改。请检查标出的字段。")]
    [InlineData("en", "Form.GpuCount", "abc", "“abc” is not a whole number in range: enter digits only, like 1000000.", "Some of what was sent could not be read, so nothing was done. Check the marked fields.")]
    [InlineData("zh-CN", "Form.AvailableFromUtc", "soon", "“soon”在此处不是有效的值。", "提交的部分内容无法识别，因此未做任何更改。请检查标出的字段。")]
    [InlineData("zh-CN", "Form.GpuCount", "", "请输入数字。", "提交的部分内容无法识别，因此未做任何更改。请检查标出的字段。")]
    public async Task A_value_that_does_not_bind_is_explained_at_its_field_in_the_pages_language(string language, string field, string value, string message, string summary)
    {
        var provider = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var browser = Speaking(language);
        await browser.SignInAsync(DemoSeeder.Provider.Email);
        var before = await factory.WithDatabase(db => db.Offers.CountAsync());

        var response = await browser.SubmitAsync($"/org/{provider}/listings/new", Listing(field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"data-valmsg-for=\"{field}\" data-valmsg-replace=\"true\">{message}", page, StringComparison.Ordinal);
        Assert.Contains(summary, page, StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDatabase(db => db.Offers.CountAsync()));
    }

    [Fact]
    public async Task A_use_cases_validation_message_on_a_page_is_in_chinese_for_a_chinese_reader()
    {
        var provider = await OrganizationIdAsync(DemoSeeder.ProviderOrganization);
        var browser = Speaking("zh-CN");
        await browser.SignInAsync(DemoSeeder.Provider.Email);

        var response = await browser.SubmitAsync($"/org/{provider}/listings/new", Listing("Form.GpuCount", "0"));

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-valmsg-for=\"Form.GpuCount\" data-valmsg-replace=\"true\">一个挂单包含 1 到 4,096 块 GPU。", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "已低于余额提醒阈值", "充值</a>")]
    [InlineData("en", "is below your low-balance threshold of", "Top up</a>")]
    public async Task The_low_balance_banner_speaks_the_readers_language_around_its_amounts(string language, string text, string link)
    {
        var organization = await OrganizationIdAsync(DemoSeeder.SecondBuyerOrganization);
        await factory.WithDatabase(async db =>
        {
            var buyer = await db.Organizations.SingleAsync(o => o.Id == organization);
            buyer.SetSpendingControls(null, 1_000_000_000_00);
            return await db.SaveChangesAsync();
        });
        var browser = Speaking(language);
        await browser.SignInAsync(DemoSeeder.SecondBuyer.Email);

        var page = WebUtility.HtmlDecode(await browser.GetPageAsync($"/org/{organization}"));

        var banner = page[page.IndexOf("data-testid=\"low-balance-banner\"", StringComparison.Ordinal)..];
        banner = banner[..banner.IndexOf("</div>", StringComparison.Ordinal)];
        Assert.Contains(text, banner, StringComparison.Ordinal);
        Assert.Contains("<span class=\"cm-amount\">¥1,000,000,000.00</span>", banner, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/org/{organization}/wallet\">{link}", banner, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Listing(string field, string value) => new()
    {
        ["Form.ServedModel"] = "Qwen3-32B",
        ["Form.GpuModel"] = "H100",
        ["Form.GpuCount"] = "8",
        ["Form.VramGbPerGpu"] = "80",
        ["Form.Region"] = "East China (Shanghai)",
        ["Form.ThroughputTokensPerSecond"] = "1000",
        ["Form.TotalQuotaTokens"] = "100000000",
        ["Form.AvailableFromUtc"] = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm"),
        ["Form.AvailableUntilUtc"] = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-ddTHH:mm"),
        ["Form.InputPrice"] = "2.00",
        ["Form.OutputPrice"] = "8.00",
        ["Form.MinimumPurchaseTokens"] = "1000000",
        [field] = value,
    };
}
