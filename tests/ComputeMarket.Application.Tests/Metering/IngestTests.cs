using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Metering;

/// <summary>
/// Reports racing each other into the same group commit (or, on PostgreSQL, into concurrent transactions): an id
/// reported twice with other values is stored once, the later report is refused and stores none of its events, and
/// the reports around it are unaffected.
/// </summary>
public abstract class IngestTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task Racing_reports_that_share_an_id_with_other_values_store_one_and_refuse_the_other_whole()
    {
        var provider = await fixture.ProviderAsync("Racing Reports Provider");
        var buyer = await fixture.BuyerAsync("Racing Reports Buyer", 1_000_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 10_000_000_000, minimum: 1));
        var allocation = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000_000), buyer.UserId)).Value.AllocationId;
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        const int pairs = 12;

        // Report i and report i + pairs share "shared-i" with different input counts; every report has four ids of its own.
        List<UsageEventInput> Report(int n) =>
            [.. new[] { new UsageEventInput($"shared-{n % pairs}", allocation, 100 + n, 1, now, []) }
                .Concat(Enumerable.Range(0, 4).Select(k => new UsageEventInput($"own-{n}-{k}", allocation, 10, 1, now, [])))
                .Select((e, i) => e with { Index = i })];
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2 * pairs).Select(n => Task.Run(() => fixture.Send(new ReportUsage(provider.OrganizationId, Report(n))))));

        for (var i = 0; i < pairs; i++)
        {
            var (first, second) = (outcomes[i], outcomes[i + pairs]);
            Assert.Equal(1, new[] { first, second }.Count(o => o.Succeeded));
            var refused = first.Succeeded ? i + pairs : i;
            Assert.Equal(ResultStatus.Conflict, outcomes[refused].Status);
            Assert.Contains($"shared-{i}", outcomes[refused].Message, StringComparison.Ordinal);
            var stored = await fixture.Query(db => db.UsageEvents.Where(e => e.ProviderOrganizationId == provider.OrganizationId && e.EventId == $"shared-{i}").Select(e => e.InputTokens).SingleAsync());
            Assert.Equal(100 + (first.Succeeded ? i : i + pairs), stored);
            Assert.Equal(0, await fixture.Query(db => db.UsageEvents.CountAsync(e => e.ProviderOrganizationId == provider.OrganizationId && e.EventId.StartsWith($"own-{refused}-"))));
        }

        Assert.All(outcomes.Where(o => o.Succeeded), o => Assert.Equal((5, 0), (o.Value.Accepted, o.Value.Duplicates)));
        Assert.Equal(pairs * 5, await fixture.Query(db => db.UsageEvents.CountAsync(e => e.ProviderOrganizationId == provider.OrganizationId)));
    }

    public sealed class OnSqlite(SliceFixture fixture) : IngestTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : IngestTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
