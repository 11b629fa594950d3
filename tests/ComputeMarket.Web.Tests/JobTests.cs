using System.Net;
using ComputeMarket.Infrastructure.Jobs;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

/// <summary>The app registers its recurring jobs at start-up, and what they record appears on the admin page.</summary>
public sealed class JobTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    [Fact]
    public async Task The_app_registers_the_heartbeat_with_its_own_job_storage_at_start_up()
    {
        _ = factory.Server;
        var storage = factory.Services.GetRequiredService<JobStorage>();

        using var connection = storage.GetConnection();
        var recurring = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection);

        var heartbeat = Assert.Single(recurring, j => j.Id == HeartbeatJob.Name);
        Assert.Equal(Cron.Minutely(), heartbeat.Cron);
        Assert.NotNull(heartbeat.NextExecution);
        Assert.Equal(
            [CloseExpiredAllocationsJob.Name, HeartbeatJob.Name, OptimizeDatabaseJob.Name, SealLedgerJob.Name, SettlementJob.Name, VoidExpiredTransfersJob.Name],
            recurring.Select(j => j.Id).Order());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_heartbeat_run_shows_on_the_admin_jobs_page()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        Assert.Contains("No job has reported yet", await admin.GetPageAsync("/admin/jobs"), StringComparison.Ordinal);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HeartbeatJob>().RunAsync(CancellationToken.None);
        }

        var page = await admin.GetPageAsync("/admin/jobs");
        Assert.Contains(HeartbeatJob.Name, page, StringComparison.Ordinal);
        Assert.Contains(factory.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire/recurring")).StatusCode);
    }
}
