using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.MeteringAgent;
using Microsoft.EntityFrameworkCore;
using AgentProgram = ComputeMarket.MeteringAgent.Program;

namespace ComputeMarket.Web.Tests.Metering;

/// <summary>The demo metering agent (samples/ComputeMarket.MeteringAgent) against the real app on a real socket.</summary>
public sealed class MeteringAgentTests(MeteringAgentTests.Site site) : IClassFixture<MeteringAgentTests.Site>
{
    /// <summary>The app on Kestrel, started once for the class (before anything else initializes the server).</summary>
    public sealed class Site : ComputeMarketFactory
    {
        public Site() => Url = StartOnKestrel();

        public Uri Url { get; }
    }

    private const string Key = ComputeMarketFactory.MeteringKey;

    private async Task<(int Events, long Tokens)> AgentUsageAsync() =>
        await site.WithDatabase(async db =>
        {
            var events = await db.UsageEvents.Where(e => e.EventId.StartsWith("agent-")).Select(e => e.InputTokens + e.OutputTokens).ToListAsync();
            return (events.Count, events.Sum());
        });

    private async Task<long> ReportedTokensAsync()
    {
        using var http = new HttpClient { BaseAddress = site.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var list = await http.GetFromJsonAsync<JsonElement>("/api/v1/allocations");
        return list.GetProperty("allocations").EnumerateArray().Sum(a => a.GetProperty("reportedTokens").GetInt64());
    }

    private (Agent Agent, HttpClient Http) NewAgent(int batch, double duplicateRate, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.BaseAddress = site.Url;
        var options = new AgentOptions { Url = site.Url, Key = Key, Batch = batch, DuplicateRate = duplicateRate, Seed = 15, Once = true };
        return (new Agent(options, new MeteringClient(http, Key) { MaxAttempts = 4 }, TextWriter.Null), http);
    }

    [Fact]
    public async Task Once_reports_a_batch_for_the_demo_allocations_and_the_reported_tokens_rise()
    {
        await using var output = new StringWriter();
        var url = site.Url;
        var (eventsBefore, tokensBefore) = await AgentUsageAsync();
        var reportedBefore = await ReportedTokensAsync();

        var exit = await AgentProgram.RunAsync(
            ["--url", url.ToString(), "--key", Key, "--once", "--batch", "40", "--seed", "7", "--duplicate-rate", "0"], output, output, CancellationToken.None);

        Assert.True(exit == 0, output.ToString());
        var (events, tokens) = await AgentUsageAsync();
        Assert.Equal(40, events - eventsBefore);
        Assert.Equal(reportedBefore + (tokens - tokensBefore), await ReportedTokensAsync());
        var served = await site.WithDatabase(async db =>
        {
            var provider = await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
            return await db.Allocations.Where(a => a.ProviderOrganizationId == provider && a.Status == AllocationStatus.Active).Select(a => a.Id).ToListAsync();
        });
        var used = await site.WithDatabase(db => db.UsageEvents.Where(e => e.EventId.StartsWith("agent-")).Select(e => e.AllocationId).Distinct().ToListAsync());
        Assert.All(used, allocation => Assert.Contains(allocation, served));
        Assert.Contains("accepted 40", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_for_a_few_seconds_stores_every_event_it_sends_once()
    {
        await using var output = new StringWriter();
        var (before, _) = await AgentUsageAsync();

        var exit = await AgentProgram.RunAsync(
            ["--url", site.Url.ToString(), "--key", Key, "--duration", "3", "--rate", "50", "--batch", "20", "--duplicate-rate", "0.5", "--seed", "4"],
            output, output, CancellationToken.None);

        Assert.True(exit == 0, output.ToString());
        var stored = (await AgentUsageAsync()).Events - before;
        var totals = Regex.Matches(output.ToString(), @"sent (\d+) \(\+(\d+) resent\)  accepted (\d+)  duplicates (\d+)  rejected (\d+)")[^1].Groups;
        Assert.InRange(stored, 40, 400);
        Assert.Equal((stored, stored, 0), (int.Parse(totals[1].Value), int.Parse(totals[3].Value), int.Parse(totals[5].Value)));
        Assert.Equal(totals[2].Value, totals[4].Value);
    }

    [Fact]
    public async Task A_batch_sent_again_with_the_same_ids_counts_every_event_as_a_duplicate()
    {
        var (before, _) = await AgentUsageAsync();
        var (agent, http) = NewAgent(batch: 25, duplicateRate: 1);
        using (http)
        {
            Assert.True(await agent.RunOnceAsync(CancellationToken.None));
        }

        Assert.Equal((25L, 25L, 25L, 25L, 0L), (agent.Totals.Sent, agent.Totals.Resent, agent.Totals.Accepted, agent.Totals.Duplicates, agent.Totals.Rejected));
        Assert.Equal(25, (await AgentUsageAsync()).Events - before);
    }

    [Fact]
    public async Task A_batch_whose_answer_was_lost_is_sent_again_with_the_same_ids_and_stored_once()
    {
        var (before, _) = await AgentUsageAsync();
        var lossy = new FirstAnswerLost { InnerHandler = new HttpClientHandler() };
        var (agent, http) = NewAgent(batch: 30, duplicateRate: 0, lossy);
        using (http)
        {
            Assert.True(await agent.RunOnceAsync(CancellationToken.None));
        }

        Assert.Equal(2, lossy.Bodies.Count);
        Assert.Equal(lossy.Bodies[0], lossy.Bodies[1]);
        Assert.Equal((0L, 30L, 1L), (agent.Totals.Accepted, agent.Totals.Duplicates, agent.Totals.Retries));
        Assert.Equal(30, (await AgentUsageAsync()).Events - before);
    }

    [Fact]
    public async Task A_429_is_waited_out_and_the_batch_sent_again()
    {
        var (before, _) = await AgentUsageAsync();
        var limited = new FirstAnswerLost { TooManyRequests = true, InnerHandler = new HttpClientHandler() };
        var (agent, http) = NewAgent(batch: 10, duplicateRate: 0, limited);
        using (http)
        {
            Assert.True(await agent.RunOnceAsync(CancellationToken.None));
        }

        Assert.Equal((10L, 0L, 1L), (agent.Totals.Accepted, agent.Totals.Duplicates, agent.Totals.Retries));
        Assert.Equal(10, (await AgentUsageAsync()).Events - before);
    }

    [Fact]
    public async Task Once_exits_with_a_failure_when_the_site_refuses_the_key()
    {
        await using var output = new StringWriter();

        var exit = await AgentProgram.RunAsync(["--url", site.Url.ToString(), "--key", "cmm_not_a_real_key", "--once"], output, output, CancellationToken.None);

        Assert.NotEqual(0, exit);
        Assert.Contains("401", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Loses the answer to the first usage report: the site stores the batch, the agent sees a dropped connection
    /// (or, with <see cref="TooManyRequests"/>, the first report is answered 429 without reaching the site).
    /// </summary>
    private sealed class FirstAnswerLost : DelegatingHandler
    {
        public bool TooManyRequests { get; init; }

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Post)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            Bodies.Add(await request.Content!.ReadAsStringAsync(cancellationToken));
            if (Bodies.Count > 1)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (TooManyRequests)
            {
                var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
                refused.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return refused;
            }

            using var stored = await base.SendAsync(request, cancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);
            throw new HttpRequestException("The connection was reset before the answer arrived.");
        }
    }
}
