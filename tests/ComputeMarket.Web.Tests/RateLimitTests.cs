using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>An app whose rate limits are a few requests, each rule small enough to reach in a test.</summary>
public sealed class SmallRateLimitsFactory : ComputeMarketFactory
{
    public const int SignInPerAccount = 3;
    public const int SignInPerAddress = 12;
    public const int SignUpPerAddress = 2;
    public const int ResetPerAddress = 2;
    public const int InvitationPerAddress = 2;
    public const int ApiPerCaller = 3;

    public SmallRateLimitsFactory()
    {
        Settings["RateLimiting:SignInPerAccount:PermitLimit"] = SignInPerAccount.ToString();
        Settings["RateLimiting:SignInPerAccount:Window"] = "00:10:00";
        Settings["RateLimiting:SignInPerAddress:PermitLimit"] = SignInPerAddress.ToString();
        Settings["RateLimiting:SignUpPerAddress:PermitLimit"] = SignUpPerAddress.ToString();
        Settings["RateLimiting:PasswordResetPerAddress:PermitLimit"] = ResetPerAddress.ToString();
        Settings["RateLimiting:InvitationPerAddress:PermitLimit"] = InvitationPerAddress.ToString();
        Settings["RateLimiting:ApiPerCaller:PermitLimit"] = ApiPerCaller.ToString();
    }
}

/// <summary>
/// Each rule counts its own requests (only posts on the account pages) and answers 429 with Retry-After: problem
/// details on the API, the error page elsewhere. The in-memory test server gives every request the same (unknown)
/// client address, so each rule here is reached by the requests of one test.
/// </summary>
public sealed class RateLimitTests(SmallRateLimitsFactory factory) : IClassFixture<SmallRateLimitsFactory>
{
    private static Dictionary<string, string> SignIn(string email) => new() { ["Input.Email"] = email, ["Input.Password"] = "wrong-password-1" };

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string expectedText)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After in seconds");
        Assert.Contains(expectedText, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_attempts_for_one_account_beyond_the_limit_get_429_with_retry_after_and_the_page_says_to_wait()
    {
        var browser = Browser.For(factory);
        for (var attempt = 0; attempt < SmallRateLimitsFactory.SignInPerAccount; attempt++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await browser.SubmitAsync("/Identity/Account/Login", SignIn("Limited.Account@Qiming.example"))).StatusCode);
        }

        // The same account, written differently, from another browser.
        var response = await Browser.For(factory).SubmitAsync("/Identity/Account/Login", SignIn("  limited.account@qiming.EXAMPLE "));

        await AssertTooManyAsync(response, "Too many attempts");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));

        // Another account is not held up, and showing the form never counts.
        Assert.Equal(HttpStatusCode.OK, (await browser.SubmitAsync("/Identity/Account/Login", SignIn("someone.else@qiming.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Identity/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Sign_up_posts_from_one_address_beyond_the_limit_get_429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= SmallRateLimitsFactory.SignUpPerAddress; attempt++)
        {
            var response = await Browser.For(factory).SubmitAsync("/Identity/Account/Register", new Dictionary<string, string> { ["Input.Email"] = $"limit{attempt}@qiming.example" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await AssertTooManyAsync(response, "Too many attempts");
            }
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(SmallRateLimitsFactory.SignUpPerAddress));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Forgot_password_reset_password_and_resend_confirmation_share_one_limit_per_address()
    {
        var browser = Browser.For(factory);
        var first = await browser.SubmitAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = DemoSeeder.Buyer.Email });
        var second = await browser.SubmitAsync("/Identity/Account/ResendEmailConfirmation", new Dictionary<string, string> { ["Input.Email"] = DemoSeeder.Buyer.Email });
        var third = await browser.Client.PostAsync("/Identity/Account/ResetPassword", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = DemoSeeder.Buyer.Email }));

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, second.StatusCode);
        await AssertTooManyAsync(third, "Too many attempts");
    }

    [Fact]
    public async Task Invitation_acceptances_from_one_address_beyond_the_limit_get_429()
    {
        var browser = Browser.For(factory);
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= SmallRateLimitsFactory.InvitationPerAddress; attempt++)
        {
            statuses.Add((await browser.Client.PostAsync($"/invitations/guess-{attempt}", new FormUrlEncodedContent([]))).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(SmallRateLimitsFactory.InvitationPerAddress));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/invitations/guess-0")).StatusCode);
    }

    [Fact]
    public async Task Api_calls_beyond_the_limit_get_429_problem_details_per_signed_in_caller()
    {
        var organization = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync());
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);
        for (var call = 0; call < SmallRateLimitsFactory.ApiPerCaller; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/organizations/{organization}")).StatusCode);
        }

        var refused = await owner.GetAsync($"/api/v1/organizations/{organization}");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());

        // Another person (and each API key) has a budget of its own.
        var colleague = Browser.For(factory);
        await colleague.SignInAsync(DemoSeeder.BuyerColleague.Email);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/api/v1/organizations/{organization}")).StatusCode);
        for (var key = 0; key <= SmallRateLimitsFactory.ApiPerCaller; key++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/organizations/{organization}");
            request.Headers.Authorization = new("Bearer", $"agent-key-{key}");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Browser.For(factory).Client.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task A_metering_key_beyond_its_limit_gets_429_with_retry_after_and_another_key_is_not_held_back()
    {
        HttpRequestMessage Allocations(string key) => new(HttpMethod.Get, "/api/v1/allocations") { Headers = { Authorization = new("Bearer", key) } };
        var agent = factory.CreateClient();
        for (var call = 0; call < SmallRateLimitsFactory.ApiPerCaller; call++)
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.SendAsync(Allocations(ComputeMarketFactory.MeteringKey))).StatusCode);
        }

        var refused = await agent.SendAsync(Allocations(ComputeMarketFactory.MeteringKey));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await agent.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/usage/summary") { Headers = { Authorization = new("Bearer", ComputeMarketFactory.UsageKey) } })).StatusCode);
    }
}
