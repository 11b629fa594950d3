using System.Net;
using ComputeMarket.Infrastructure.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

/// <summary>The admin jobs page lists every recurring job with its last run, duration, outcome and next run, from Hangfire's storage.</summary>
public sealed class JobsPageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    [Fact]
    public async Task Every_recurring_job_is_listed_with_its_next_run_and_the_one_that_ran_with_its_outcome_and_duration()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var storage = factory.Services.GetRequiredService<JobStorage>();
        string[] registered;
        using (var connection = storage.GetConnection())
        {
            registered = connection.GetRecurringJobs().Select(j => j.Id).ToArray();
        }

        Assert.Contains(HeartbeatJob.Name, registered);
        Assert.Contains(SealLedgerJob.Name, registered);

        await RunThroughHangfireAsync(storage, HeartbeatJob.Name);

        var page = await admin.GetPageAsync("/admin/jobs");
        foreach (var id in registered)
        {
            var row = Row(page, id);
            Assert.Matches("data-testid=\"next-run\">\\s*<time datetime=\"[0-9T:-]+Z\"[^>]*>[0-9-]+ [0-9:]+ UTC\\+8</time>", row);
        }

        var heartbeat = Row(page, HeartbeatJob.Name);
        Assert.Contains(">Succeeded<", heartbeat, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"last-run\">\\s*<time [^>]*>[0-9-]+ [0-9:]+ UTC\\+8</time>", heartbeat);
        Assert.Matches("data-testid=\"duration\">\\s*[0-9.]+ (ms|s)\\s*<", heartbeat);

        admin.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await admin.GetPageAsync("/admin/jobs");
        Assert.Contains(">成功<", Row(chinese, HeartbeatJob.Name), StringComparison.Ordinal);
        Assert.Contains("下次运行", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recurring_job_that_failed_shows_its_error_and_counts_as_a_failed_job()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var storage = factory.Services.GetRequiredService<JobStorage>();
        new RecurringJobManager(storage).AddOrUpdate<FailingJob>(FailingJob.Name, job => job.Run(), Cron.Yearly());

        await RunThroughHangfireAsync(storage, FailingJob.Name);

        var page = await admin.GetPageAsync("/admin/jobs");
        var row = Row(page, FailingJob.Name);
        Assert.Contains(">Failed<", row, StringComparison.Ordinal);
        Assert.Contains(FailingJob.Error, row, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"failed-jobs\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"queue-jobs-count\">1<", await admin.GetPageAsync("/dashboard"), StringComparison.Ordinal);
    }

    /// <summary>A job that always fails, without retries, registered only by the test above.</summary>
    public sealed class FailingJob(TimeProvider clock)
    {
        public const string Name = "always-fails";

        public const string Error = "The upstream bank did not answer.";

        [AutomaticRetry(Attempts = 0)]
        public void Run() => throw new InvalidOperationException($"{Error} Tried at {clock.GetUtcNow():O}.");
    }

    [Fact]
    public async Task Settle_now_queues_a_settlement_run_that_is_audited_and_settles_the_waiting_usage()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        await factory.WithDatabase(async db =>
        {
            var allocation = await db.Allocations.Where(a => a.Status == Domain.Market.AllocationStatus.Active).OrderBy(a => a.Id).FirstAsync();
            db.UsageEvents.Add(new Domain.Metering.UsageEvent(allocation.ProviderOrganizationId, "settle-now-" + Guid.NewGuid().ToString("N"), allocation.Id, 12_345, 678, DateTime.UtcNow, DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });
        var waiting = await factory.WithDatabase(db => db.UsageEvents.CountAsync(e => e.SettlementBatchId == null));
        var page = await admin.GetPageAsync("/admin/jobs");
        Assert.Contains($"data-testid=\"waiting-events\">{waiting:N0}<", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"job-{SettlementJob.Name}\"", page, StringComparison.Ordinal);

        var posted = await admin.SubmitAsync("/admin/jobs", new Dictionary<string, string>(), "/admin/jobs?handler=Settle");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains($"{waiting:N0} usage events were waiting", await admin.GetPageAsync("/admin/jobs"), StringComparison.Ordinal);
        Assert.True(await factory.WithDatabase(db => db.AuditEntries.AnyAsync(e => e.Action == "Settlement.RunNow")));
        // The run is queued on Hangfire; the job it names is performed here as a worker would (no server in this test).
        var storage = factory.Services.GetRequiredService<JobStorage>();
        var queued = storage.GetMonitoringApi().EnqueuedJobs("default", 0, 100).Select(j => j.Value.Job).ToList();
        Assert.Contains(queued, job => job.Type == typeof(SettlementJob) && job.Method.Name == nameof(SettlementJob.RunAsync));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SettlementJob>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(0, await factory.WithDatabase(db => db.UsageEvents.CountAsync(e => e.SettlementBatchId == null)));
    }

    [Fact]
    public async Task An_administrator_sets_the_platform_fee_and_sees_its_history_and_a_bad_rate_gets_a_message()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        Assert.Contains("data-testid=\"current-fee\">5%<", await admin.GetPageAsync("/admin/fees"), StringComparison.Ordinal);

        var bad = await admin.SubmitAsync("/admin/fees", new Dictionary<string, string> { ["Percent"] = "five" });
        var good = await admin.SubmitAsync("/admin/fees", new Dictionary<string, string> { ["Percent"] = "4.75" });

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Enter a percentage from 0 to 100", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var page = await admin.GetPageAsync("/admin/fees");
        Assert.Contains("data-testid=\"current-fee\">4.75%<", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"fee-history\"", page, StringComparison.Ordinal);
        Assert.True((await admin.SubmitAsync("/admin/fees", new Dictionary<string, string> { ["Percent"] = "5" })).StatusCode == HttpStatusCode.Redirect);
    }

    /// <summary>Triggers a recurring job and lets a Hangfire server of the test app perform it, as the scheduler would.</summary>
    private async Task RunThroughHangfireAsync(JobStorage storage, string recurringJobId)
    {
        var jobId = new RecurringJobManager(storage).TriggerJob(recurringJobId);
        Assert.NotNull(jobId);
        var options = new BackgroundJobServerOptions
        {
            WorkerCount = 1,
            Activator = factory.Services.GetRequiredService<JobActivator>(),
            ServerName = "jobs-page-test",
        };
        using var server = new BackgroundJobServer(options, storage);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var monitoring = storage.GetMonitoringApi();
        while (monitoring.JobDetails(jobId)?.History.FirstOrDefault(h => h.StateName is "Succeeded" or "Failed") is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }

        server.SendStop();
    }

    private static string Row(string page, string jobId)
    {
        var start = page.IndexOf($"data-testid=\"job-{jobId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The jobs page does not list {jobId}.");
        return WebUtility.HtmlDecode(page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)]);
    }
}
