using ComputeMarket.Infrastructure.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Application.Tests.Operations;

public sealed class HeartbeatJobTests(SliceFixture fixture) : IClassFixture<SliceFixture>
{
    [Fact]
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

    [Fact]
    public void The_heartbeat_is_registered_as_a_recurring_job_every_minute()
    {
        var storage = fixture.Services.GetRequiredService<JobStorage>();

        RecurringJobs.Register(fixture.Services.GetRequiredService<IRecurringJobManager>());

        using var connection = storage.GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == HeartbeatJob.Name);
        Assert.Equal(Cron.Minutely(), job.Cron);
        Assert.Equal(typeof(HeartbeatJob), job.Job.Type);
    }
}
