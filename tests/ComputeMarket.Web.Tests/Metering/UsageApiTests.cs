using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests.Metering;

/// <summary>
/// <c>POST /api/v1/usage</c> as a provider's metering agent sees it: 202 with accepted and duplicate counts, event ids
/// that are idempotency keys forever, and for every refusal problem details naming what was wrong with nothing stored.
/// </summary>
public sealed class UsageApiTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private HttpClient Agent(string? key = ComputeMarketFactory.MeteringKey)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private Task<(Guid Id, DateTime OpenedAt)> DemoAllocationAsync() =>
        factory.WithDatabase(async db =>
        {
            var provider = await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
            var allocation = await db.Allocations.Where(a => a.ProviderOrganizationId == provider && a.Status == AllocationStatus.Active)
                .OrderBy(a => a.Id).Select(a => new { a.Id, a.CreatedAtUtc }).FirstAsync();
            return (allocation.Id, allocation.CreatedAtUtc);
        });

    private Task<int> StoredAsync(params string[] ids) => factory.WithDatabase(db => db.UsageEvents.CountAsync(e => ids.Contains(e.EventId)));

    private static string Id() => "t-" + Guid.NewGuid().ToString("N");

    /// <summary>One time for the events of a test, so that a redelivery carries the same values.</summary>
    private static readonly DateTime Recently = DateTime.UtcNow.AddMinutes(-1);

    private static object Event(string id, Guid allocation, long input = 1_000, long output = 500, DateTime? at = null) =>
        new { id, allocationId = allocation, inputTokens = input, outputTokens = output, occurredAt = (at ?? Recently).ToString("O") };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Events_are_accepted_once_and_every_redelivery_counts_as_a_duplicate()
    {
        var (allocation, _) = await DemoAllocationAsync();
        var (a, b) = (Id(), Id());

        var first = await Agent().PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(a, allocation), Event(b, allocation), Event(a, allocation) } });
        var again = await Agent().PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(b, allocation), Event(a, allocation) } });

        Assert.True(first.StatusCode == HttpStatusCode.Accepted, await first.Content.ReadAsStringAsync());
        var receipt = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 1), (receipt.GetProperty("accepted").GetInt32(), receipt.GetProperty("duplicates").GetInt32()));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 2), (second.GetProperty("accepted").GetInt32(), second.GetProperty("duplicates").GetInt32()));
        Assert.Equal(2, await StoredAsync(a, b));
    }

    [Fact]
    public async Task The_same_id_with_other_values_is_a_conflict_naming_it_and_nothing_of_the_request_is_stored()
    {
        var (allocation, _) = await DemoAllocationAsync();
        var (kept, fresh) = (Id(), Id());
        Assert.Equal(HttpStatusCode.Accepted, (await Agent().PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(kept, allocation, input: 10) } })).StatusCode);

        var later = await Agent().PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(fresh, allocation), Event(kept, allocation, input: 11) } });
        var within = await Agent().PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(fresh, allocation, input: 1), Event(fresh, allocation, input: 2) } });

        Assert.Contains(kept, (await ProblemAsync(later, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Contains(fresh, (await ProblemAsync(within, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(0, await StoredAsync(fresh));
        Assert.Equal(10, await factory.WithDatabase(db => db.UsageEvents.Where(e => e.EventId == kept).Select(e => e.InputTokens).SingleAsync()));
    }

    public static TheoryData<string, string, string> BadEvents() => new()
    {
        { "missing id", """{"allocationId":"{a}","inputTokens":1,"outputTokens":1,"occurredAt":"{t}"}""", "events[1].id" },
        { "id too long", """{"id":"{long}","allocationId":"{a}","inputTokens":1,"outputTokens":1,"occurredAt":"{t}"}""", "events[1].id" },
        { "id with a space", """{"id":"a b","allocationId":"{a}","inputTokens":1,"outputTokens":1,"occurredAt":"{t}"}""", "events[1].id" },
        { "id a number", """{"id":12,"allocationId":"{a}","inputTokens":1,"outputTokens":1,"occurredAt":"{t}"}""", "events[1].id" },
        { "malformed allocation", """{"id":"{id}","allocationId":"not-a-guid","inputTokens":1,"outputTokens":1,"occurredAt":"{t}"}""", "events[1].allocationId" },
        { "unknown allocation", """{"id":"{id}","allocationId":"{unknown}","inputTokens":1,"outputTokens":1,"occurredAt":"{t}"}""", "events[1].allocationId" },
        { "missing tokens", """{"id":"{id}","allocationId":"{a}","outputTokens":1,"occurredAt":"{t}"}""", "events[1].inputTokens" },
        { "negative tokens", """{"id":"{id}","allocationId":"{a}","inputTokens":-1,"outputTokens":1,"occurredAt":"{t}"}""", "events[1].inputTokens" },
        { "fractional tokens", """{"id":"{id}","allocationId":"{a}","inputTokens":1.5,"outputTokens":1,"occurredAt":"{t}"}""", "events[1].inputTokens" },
        { "tokens as text", """{"id":"{id}","allocationId":"{a}","inputTokens":1,"outputTokens":"12","occurredAt":"{t}"}""", "events[1].outputTokens" },
        { "both zero", """{"id":"{id}","allocationId":"{a}","inputTokens":0,"outputTokens":0,"occurredAt":"{t}"}""", "events[1]" },
        { "over a billion", """{"id":"{id}","allocationId":"{a}","inputTokens":600000000,"outputTokens":400000001,"occurredAt":"{t}"}""", "events[1]" },
        { "far future", """{"id":"{id}","allocationId":"{a}","inputTokens":1,"outputTokens":1,"occurredAt":"{future}"}""", "events[1].occurredAt" },
        { "before the allocation opened", """{"id":"{id}","allocationId":"{a}","inputTokens":1,"outputTokens":1,"occurredAt":"{before}"}""", "events[1].occurredAt" },
        { "time without offset", """{"id":"{id}","allocationId":"{a}","inputTokens":1,"outputTokens":1,"occurredAt":"2026-11-22T10:00:00"}""", "events[1].occurredAt" },
        { "time as a number", """{"id":"{id}","allocationId":"{a}","inputTokens":1,"outputTokens":1,"occurredAt":1764000000}""", "events[1].occurredAt" },
        { "missing time", """{"id":"{id}","allocationId":"{a}","inputTokens":1,"outputTokens":1}""", "events[1].occurredAt" },
        { "not an object", "42", "events[1]" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task A_bad_event_gets_400_naming_it_and_nothing_of_the_request_is_stored(string why, string bad, string field)
    {
        var (allocation, openedAt) = await DemoAllocationAsync();
        var (good, id) = (Id(), Id());
        var body = "{\"events\":[" + JsonSerializer.Serialize(Event(good, allocation)) + "," + bad
            .Replace("{a}", allocation.ToString(), StringComparison.Ordinal)
            .Replace("{id}", id, StringComparison.Ordinal)
            .Replace("{long}", new string('x', 65), StringComparison.Ordinal)
            .Replace("{unknown}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{t}", DateTime.UtcNow.AddMinutes(-1).ToString("O"), StringComparison.Ordinal)
            .Replace("{future}", DateTime.UtcNow.AddMinutes(10).ToString("O"), StringComparison.Ordinal)
            .Replace("{before}", openedAt.AddMinutes(-1).ToString("O"), StringComparison.Ordinal) + "]}";

        var response = await Agent().PostAsync("/api/v1/usage", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{why}: {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(0, await StoredAsync(good, id));
    }

    [Fact]
    public async Task Every_bad_event_of_a_request_is_listed()
    {
        var (allocation, _) = await DemoAllocationAsync();

        var response = await Agent().PostAsJsonAsync("/api/v1/usage", new { events = new object[] { Event("ok-" + Id(), allocation), Event("bad id", allocation), Event(Id(), allocation, input: -5), Event(Id(), allocation, input: 0, output: 0) } });

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal(["events[1].id", "events[2].inputTokens", "events[3]"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic Zm9vOmJhcg==")]
    [InlineData("Bearer ")]
    [InlineData("Bearer cmm_this_key_was_never_issued_to_anyone")]
    [InlineData("Bearer not-a-key")]
    public async Task Without_a_live_key_the_answer_is_401(string? authorization)
    {
        var (allocation, _) = await DemoAllocationAsync();
        var client = Agent(null);
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var id = Id();
        var response = await client.PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(id, allocation) } });

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, await StoredAsync(id));
    }

    [Fact]
    public async Task A_revoked_key_gets_401_and_a_usage_key_403()
    {
        var (allocation, _) = await DemoAllocationAsync();
        var secret = await KeyAsync(DemoSeeder.ProviderOrganization, ApiKeyScope.Metering);
        var id = Id();
        Assert.Equal(HttpStatusCode.Accepted, (await Agent(secret).PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(Id(), allocation) } })).StatusCode);
        await factory.WithDatabase(async db =>
        {
            var hash = SecretToken.Hash(secret);
            (await db.ApiKeys.SingleAsync(k => k.Hash == hash)).Revoke(DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });

        var revoked = await Agent(secret).PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(id, allocation) } });
        var usage = await Agent(ComputeMarketFactory.UsageKey).PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(id, allocation) } });

        await ProblemAsync(revoked, HttpStatusCode.Unauthorized);
        await ProblemAsync(usage, HttpStatusCode.Forbidden);
        Assert.Equal(0, await StoredAsync(id));
    }

    [Fact]
    public async Task An_allocation_another_provider_serves_gets_403()
    {
        var (allocation, _) = await DemoAllocationAsync();
        var other = await KeyAsync(DemoSeeder.SecondProviderOrganization, ApiKeyScope.Metering);
        var id = Id();

        var response = await Agent(other).PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(id, allocation) } });

        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, await StoredAsync(id));
    }

    [Fact]
    public async Task More_than_a_thousand_events_or_a_mebibyte_gets_413()
    {
        var (allocation, _) = await DemoAllocationAsync();
        var many = Enumerable.Range(0, 1_001).Select(_ => Event(Id(), allocation)).ToArray();
        var padding = new string(' ', MeteringBodyLimit);

        var tooMany = await Agent().PostAsJsonAsync("/api/v1/usage", new { events = many });
        var tooLarge = await Agent().PostAsync("/api/v1/usage", new StringContent("{\"events\":[" + JsonSerializer.Serialize(Event(Id(), allocation)) + padding + "]}", Encoding.UTF8, "application/json"));

        await ProblemAsync(tooMany, HttpStatusCode.RequestEntityTooLarge);
        await ProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        var exactly = Enumerable.Range(0, 1_000).Select(_ => Event(Id(), allocation)).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await Agent().PostAsJsonAsync("/api/v1/usage", new { events = exactly })).StatusCode);
    }

    private const int MeteringBodyLimit = 1 << 20;

    [Fact]
    public async Task The_key_records_when_it_was_last_used_at_most_once_a_minute()
    {
        var (allocation, _) = await DemoAllocationAsync();
        var secret = await KeyAsync(DemoSeeder.ProviderOrganization, ApiKeyScope.Metering);
        var hash = SecretToken.Hash(secret);
        Task<DateTime?> LastUsedAsync() => factory.WithDatabase(db => db.ApiKeys.Where(k => k.Hash == hash).Select(k => k.LastUsedAtUtc).SingleAsync());

        await Agent(secret).PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(Id(), allocation) } });
        var first = await LastUsedAsync();
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await Agent(secret).PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(Id(), allocation) } });
        var within = await LastUsedAsync();
        factory.Clock.Advance(TimeSpan.FromSeconds(31));
        await Agent(secret).PostAsJsonAsync("/api/v1/usage", new { events = new[] { Event(Id(), allocation) } });
        var after = await LastUsedAsync();

        Assert.NotNull(first);
        Assert.Equal(first, within);
        Assert.True(after > first);
    }

    /// <summary>A key made as the keys page makes one (hash stored), for an organization of the demo.</summary>
    private async Task<string> KeyAsync(string organization, ApiKeyScope scope)
    {
        var secret = ApiKey.Marker(scope) + SecretToken.New();
        await factory.WithDatabase(async db =>
        {
            var id = await db.Organizations.Where(o => o.Name == organization).Select(o => o.Id).SingleAsync();
            db.ApiKeys.Add(ApiKey.Create(id, "Test key", scope, secret, SecretToken.Hash(secret), "test", DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });
        return secret;
    }
}
