using System.Net;
using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>Every response carries the browser-hardening headers; pages run no inline script; cookies are Secure.</summary>
public sealed partial class SecurityHeadersTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    public static TheoryData<string, HttpStatusCode> Responses => new()
    {
        { "/", HttpStatusCode.OK },
        { "/Identity/Account/Login", HttpStatusCode.OK },
        { "/api/v1/organizations/4a1c1a52-0000-4000-8000-000000000000", HttpStatusCode.Unauthorized },
        { "/lib/bootstrap/bootstrap.min.css", HttpStatusCode.OK },
        { "/js/site.js", HttpStatusCode.OK },
        { "/no/such/page", HttpStatusCode.NotFound },
        { "/health/live", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Pages_the_api_static_files_and_404s_carry_the_security_headers(string path, HttpStatusCode status)
    {
        var response = await Browser.For(factory).GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        var policy = Single(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", ScriptSource(policy), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Https_responses_outside_development_carry_hsts()
    {
        var client = factory.CreateClient(new() { BaseAddress = new Uri("https://computemarket.example"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/");

        Assert.StartsWith("max-age=", Single(response, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_and_antiforgery_cookies_are_secure_and_http_only()
    {
        var browser = Browser.For(factory);
        var form = await browser.Client.GetAsync("/Identity/Account/Login");
        var response = await browser.SubmitAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoSeeder.SecondBuyer.Email,
            ["Input.Password"] = ComputeMarketFactory.Password,
        });

        var cookies = form.Headers.GetValues("Set-Cookie").Concat(response.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Identity.Application", StringComparison.Ordinal));
        Assert.All(cookies, cookie =>
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Pages_have_no_inline_scripts_or_inline_event_handlers()
    {
        var offer = await factory.WithDatabase(db => db.Offers.Select(o => o.Id).FirstAsync());
        var organization = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync());
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        string[] pages =
        [
            "/", "/market", $"/market/offers/{offer}", "/dashboard", $"/org/{organization}", $"/org/{organization}/allocations",
            $"/org/{organization}/wallet", "/Identity/Account/Manage", "/Identity/Account/Manage/PersonalData",
            "/Identity/Account/Manage/TwoFactorAuthentication", "/Identity/Account/Manage/EnableAuthenticator",
        ];

        foreach (var path in pages)
        {
            var page = await buyer.GetPageAsync(path);
            Assert.False(InlineScript().IsMatch(page), $"{path} has an inline script: {Around(page, InlineScript().Match(page).Index)}");
            Assert.False(InlineHandler().IsMatch(page), $"{path} has an inline event handler: {Around(page, InlineHandler().Match(page).Index)}");
        }

        Assert.Contains("data-points=", await buyer.GetPageAsync($"/market/offers/{offer}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hangfire_dashboard_has_its_own_policy_that_allows_its_inline_scripts()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);

        var response = await admin.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("unsafe-inline", ScriptSource(Single(response, "Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", Single(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
    }

    private static string Around(string page, int index) => page.Substring(Math.Max(0, index - 80), Math.Min(400, page.Length - Math.Max(0, index - 80)));

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.TryGetValues(header, out var content) ? content : []);

    private static string ScriptSource(string policy) =>
        policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}

/// <summary>The app on a real socket: what Kestrel sends, and whose forwarded headers it believes.</summary>
public sealed class KestrelEdgeTests
{
    private static async Task<List<HttpStatusCode>> SignUpsFromTwoForwardedAddressesAsync(ComputeMarketFactory app)
    {
        var address = app.StartOnKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var statuses = new List<HttpStatusCode>();
        foreach (var forwardedFor in new[] { "203.0.113.10", "203.0.113.20" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/Register") { Content = new FormUrlEncodedContent([]) };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        return statuses;
    }

    private static ComputeMarketFactory OneSignUpPerAddress(string key, string value)
    {
        var app = new ComputeMarketFactory();
        app.Settings["RateLimiting:SignUpPerAddress:PermitLimit"] = "1";
        app.Settings[key] = value;
        return app;
    }

    [Fact]
    public async Task Kestrel_sends_no_server_header_and_the_security_headers()
    {
        await using var app = new ComputeMarketFactory();
        using var client = new HttpClient { BaseAddress = app.StartOnKestrel() };

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Forwarded_headers_from_a_client_that_is_not_a_configured_proxy_are_ignored()
    {
        await using var app = OneSignUpPerAddress("ForwardedHeaders:KnownProxies:0", "10.9.9.9");

        var statuses = await SignUpsFromTwoForwardedAddressesAsync(app);

        // Both posts count against the connection's own address, so the second is turned away.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[1]);
    }

    [Fact]
    public async Task Forwarded_headers_from_a_configured_proxy_give_the_client_address()
    {
        await using var app = OneSignUpPerAddress("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8");

        var statuses = await SignUpsFromTwoForwardedAddressesAsync(app);

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
    }
}
