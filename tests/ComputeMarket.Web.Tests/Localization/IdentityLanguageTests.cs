using System.Text.RegularExpressions;

namespace ComputeMarket.Web.Tests.Localization;

/// <summary>The account pages and the mail they send speak the person's language.</summary>
public sealed partial class IdentityLanguageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Browser Speaking(string acceptLanguage)
    {
        var browser = Browser.For(factory);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return browser;
    }

    [Fact]
    public async Task The_sign_in_form_labels_its_fields_in_Chinese()
    {
        var page = await Speaking("zh-CN").GetPageAsync("/Identity/Account/Login");

        Assert.Equal("zh-CN", HtmlLang().Match(page).Groups[1].Value);
        Assert.Contains(">邮箱</label>", page, StringComparison.Ordinal);
        Assert.Contains(">保持登录</label>", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("<html lang=\"([^\"]+)\"")]
    private static partial Regex HtmlLang();
}
