using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests.Metering;

/// <summary>
/// What agents and reports read: the allocations a metering key's organization serves, the usage summary for a
/// usage key (or the served usage for a metering key), and the OpenAPI document that describes them all.
/// </summary>
public sealed class ReadApiTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private HttpClient Client(string? key)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    [Fact]
    public async Task A_metering_key_lists_the_open_allocations_its_organization_serves_with_reported_and_remaining_tokens()
    {
        var served = await factory.WithDatabase(async db =>
        {
            var provider = await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
            return await db.Allocations.AsNoTracking().Where(a => a.ProviderOrganizationId == provider && a.Status == AllocationStatus.Active).ToListAsync();
        });
        Assert.NotEmpty(served);
        var target = served[0];
        var post = await Client(ComputeMarketFactory.MeteringKey).PostAsJsonAsync("/api/v1/usage", new
        {
            events = new[] { new { id = "read-" + Guid.NewGuid().ToString("N"), allocationId = target.Id, inputTokens = 1_000, outputTokens = 234, occurredAt = DateTime.UtcNow.ToString("O") } },
        });
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);

        var response = await Client(ComputeMarketFactory.MeteringKey).GetAsync("/api/v1/allocations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var allocations = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("allocations").EnumerateArray().ToList();
        Assert.Equal(served.Select(a => a.Id).Order(), allocations.Select(a => a.GetProperty("id").GetGuid()).Order());
        var listed = allocations.Single(a => a.GetProperty("id").GetGuid() == target.Id);
        var settled = target.ConsumedInputTokens + target.ConsumedOutputTokens;
        Assert.Equal(settled, listed.GetProperty("settledTokens").GetInt64());
        Assert.Equal(settled + 1_234, listed.GetProperty("reportedTokens").GetInt64());
        Assert.Equal(target.QuotaTokens - settled - 1_234, listed.GetProperty("remainingTokens").GetInt64());
        Assert.Equal(target.ChargedAmount, listed.GetProperty("chargedAmount").GetInt64());
        Assert.Equal(target.InputPricePerMillion, listed.GetProperty("inputPricePerMillion").GetInt64());
        Assert.Equal(DemoSeeder.FirstBuyerOrganization, listed.GetProperty("buyerOrganization").GetString());
        foreach (var field in new[] { "offerId", "model", "quotaTokens", "outputPricePerMillion", "expiresAt", "status" })
        {
            Assert.True(listed.TryGetProperty(field, out _), field);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await Client(ComputeMarketFactory.UsageKey).GetAsync("/api/v1/allocations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(null).GetAsync("/api/v1/allocations")).StatusCode);
    }

    [Fact]
    public async Task A_usage_key_reads_its_organizations_settled_usage_by_day_allocation_and_model()
    {
        var charged = await factory.WithDatabase(async db =>
        {
            var buyer = await db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync();
            return await db.Allocations.Where(a => a.BuyerOrganizationId == buyer).SumAsync(a => a.ChargedAmount);
        });
        Assert.True(charged > 0);
        var today = DateTime.UtcNow.AddHours(8);
        var from = today.AddDays(-20).ToString("yyyy-MM-dd");
        var to = today.AddDays(1).ToString("yyyy-MM-dd");

        var byDay = await SummaryAsync(ComputeMarketFactory.UsageKey, $"from={from}&to={to}");
        var byModel = await SummaryAsync(ComputeMarketFactory.UsageKey, $"from={from}&to={to}&groupBy=model");
        var byAllocation = await SummaryAsync(ComputeMarketFactory.UsageKey, $"from={from}&to={to}&groupBy=allocation");

        Assert.Equal("Bought", byDay.GetProperty("side").GetString());
        Assert.Equal(22, byDay.GetProperty("groups").GetArrayLength());
        foreach (var summary in new[] { byDay, byModel, byAllocation })
        {
            Assert.Equal(charged, summary.GetProperty("total").GetProperty("amount").GetInt64());
            Assert.Equal(charged, summary.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("amount").GetInt64()));
            Assert.Equal(JsonValueKind.Null, summary.GetProperty("total").GetProperty("fee").ValueKind);
        }

        Assert.Equal(3, byAllocation.GetProperty("groups").GetArrayLength());
        Assert.True(byDay.GetProperty("groups").EnumerateArray().Count(g => g.GetProperty("tokens").GetInt64() > 0) >= 14);
    }

    [Fact]
    public async Task A_metering_key_reads_the_usage_it_served_with_the_fee_and_its_earnings()
    {
        var summary = await SummaryAsync(ComputeMarketFactory.MeteringKey, "groupBy=model");

        Assert.Equal("Served", summary.GetProperty("side").GetString());
        var total = summary.GetProperty("total");
        Assert.True(total.GetProperty("amount").GetInt64() > 0);
        Assert.Equal(total.GetProperty("amount").GetInt64() - total.GetProperty("fee").GetInt64(), total.GetProperty("earnings").GetInt64());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("groupBy=week", "groupBy")]
    [InlineData("groupBy=1", "groupBy")]
    [InlineData("from=2026-12-01&to=2026-11-01", "to")]
    [InlineData("from=2024-01-01&to=2026-01-01", "to")]
    [InlineData("from=9999-12-31", "from")]
    [InlineData("to=0001-01-01", "to")]
    [InlineData("from=0001-01-01", "from")]
    public async Task A_bad_query_gets_400_naming_the_parameter(string query, string field)
    {
        var response = await Client(ComputeMarketFactory.UsageKey).GetAsync($"/api/v1/usage/summary?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint_with_its_problem_responses()
    {
        var response = await Client(null).GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paths");
        string[] expected = ["/api/v1/usage", "/api/v1/allocations", "/api/v1/usage/summary", "/api/v1/organizations/{orgId}", "/api/v1/organizations/{orgId}/invitations"];
        Assert.Equal(expected.Order(), paths.EnumerateObject().Select(p => p.Name).Order());
        var report = paths.GetProperty("/api/v1/usage").GetProperty("post").GetProperty("responses");
        Assert.Equal(["202", "400", "401", "403", "409", "413", "429"], report.EnumerateObject().Select(r => r.Name).Order());
        Assert.True(paths.GetProperty("/api/v1/allocations").GetProperty("get").GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(paths.GetProperty("/api/v1/usage/summary").GetProperty("get").GetProperty("responses").TryGetProperty("400", out _));

        var home = await Client(null).GetStringAsync("/");
        Assert.Contains("href=\"/api-reference/v1\"", home, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Client(null).GetAsync("/api-reference/v1")).StatusCode);
    }

    private async Task<JsonElement> SummaryAsync(string key, string query)
    {
        var response = await Client(key).GetAsync($"/api/v1/usage/summary?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
