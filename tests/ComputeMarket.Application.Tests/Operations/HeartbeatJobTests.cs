using ComputeMarket.Infrastructure.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Operations;

public abstract class HeartbeatJobTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task Each_run_of_the_heartbeat_job_records_the_time_it_ran()
    {
        var first = fixture.Clock.GetUtcNow().UtcDateTime;
        await fixture.InScope(services => services.GetRequiredService<HeartbeatJob>().RunAsync(CancellationToken.None).ContinueWith(_ => 0));
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await fixture.InScope(services => services.GetRequiredService<HeartbeatJob>().RunAsync(CancellationToken.None).ContinueWith(_ => 0));

        var heartbeat = await fixture.Query(db => db.JobHeartbeats.SingleAsync(h => h.Name == HeartbeatJob.Name));
        Assert.Equal(first.AddMinutes(1), heartbeat.LastRunAtUtc);
        Assert.Equal(DateTimeKind.Utc, heartbeat.LastRunAtUtc.Kind);
        Assert.Equal(2, heartbeat.RunCount);
    }

    [DatabaseFact]
    public void The_heartbeat_is_registered_as_a_recurring_job_every_minute()
    {
        var storage = fixture.Services.GetRequiredService<JobStorage>();

        RecurringJobs.Register(fixture.Services.GetRequiredService<IRecurringJobManager>(), new ComputeMarket.Application.Metering.SettlementOptions());

        using var connection = storage.GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == HeartbeatJob.Name);
        Assert.Equal(Cron.Minutely(), job.Cron);
        Assert.Equal(typeof(HeartbeatJob), job.Job.Type);
    }

    [Collection(HangfireGlobals.Name)]
    public sealed class OnSqlite(SliceFixture fixture) : HeartbeatJobTests(fixture), IClassFixture<SliceFixture>;

    [Collection(HangfireGlobals.Name)]
    public sealed class OnPostgres(PostgresSliceFixture fixture) : HeartbeatJobTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}

/// <summary>
/// Hangfire keeps some settings process-wide (its log provider points at the logger factory of the last container
/// that configured it): test classes that resolve Hangfire's services run one after another, never beside another
/// container that is being disposed.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HangfireGlobals
{
    public const string Name = "Hangfire's process-wide settings";
}
