using System.Collections.Concurrent;
using System.Net;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Testing;
using Hangfire;
using Hangfire.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

/// <summary>
/// Two instances of the application on one PostgreSQL database, as behind a load balancer: they start together on an
/// empty database, share their data-protection keys (a cookie from one is good on the other) and Hangfire's storage
/// (a recurring job runs once per occurrence, whichever instance picks it up).
/// </summary>
[Collection(HangfireGlobals.Name)]
public sealed class ScaleOutTests : IAsyncLifetime, IDisposable
{
    private string _connectionString = "";
    private Instance _first = null!;
    private Instance _second = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("scaleout");
        _first = new Instance(_connectionString, "first");
        _second = new Instance(_connectionString, "second");
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(_connectionString);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [PostgresFact]
    public async Task Two_instances_start_together_share_cookies_and_run_each_recurring_job_once_per_occurrence()
    {
        // Both apply the migrations and create the roles and the administrator at the same moment on an empty database.
        await Task.WhenAll(Task.Run(_first.Start), Task.Run(_second.Start));

        // A person signs in on one instance; the next request lands on the other.
        var cookies = new CookieContainer();
        var onFirst = new Browser(_first.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies)));
        var onSecond = _second.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
        await onFirst.SignInAsync(ComputeMarketFactory.AdminEmail);
        var dashboard = await onSecond.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(ComputeMarketFactory.AdminEmail, await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A recurring job due every two seconds, processed by both instances' servers, for about twelve seconds.
        OccurrenceProbe.Runs.Clear();
        var jobs = _first.Services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<OccurrenceProbe>(OccurrenceProbe.Name, probe => probe.Run(null!), "*/2 * * * * *");
        await Task.Delay(TimeSpan.FromSeconds(12));
        jobs.RemoveIfExists(OccurrenceProbe.Name);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var runs = OccurrenceProbe.Runs.ToList();
        var perOccurrence = runs.GroupBy(r => r.Occurrence).ToList();
        Assert.True(perOccurrence.Count >= 3, $"Only {perOccurrence.Count} occurrences ran in twelve seconds.");
        Assert.All(perOccurrence, occurrence => Assert.Single(occurrence));
        Assert.Equal(2, _first.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers().Count);
    }

    /// <summary>A recurring job that records which occurrence it ran for, and on which instance.</summary>
    public sealed class OccurrenceProbe(InstanceName instance)
    {
        public const string Name = "occurrence-probe";

        public static ConcurrentBag<(long Occurrence, string Instance)> Runs { get; } = [];

        public Task Run(PerformContext context)
        {
            Runs.Add((context.GetJobParameter<long>("Time"), instance.Value));
            return Task.CompletedTask;
        }
    }

    public sealed record InstanceName(string Value);

    private sealed class Instance(string connectionString, string name) : WebApplicationFactory<Program>
    {
        public void Start() => _ = Server;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("ConnectionStrings:PostgreSql", connectionString);
            builder.UseSetting("Hangfire:ServerEnabled", "true");
            builder.UseSetting("Hangfire:WorkerCount", "2");
            builder.UseSetting("Hangfire:SchedulePollingInterval", "00:00:01");
            builder.UseSetting("Demo:Seed", "false");
            builder.UseSetting("Bootstrap:Administrator:Email", ComputeMarketFactory.AdminEmail);
            builder.UseSetting("Bootstrap:Administrator:Password", ComputeMarketFactory.Password);
            builder.UseSetting("Security:RequireTwoFactorForStaff", "false");
            builder.UseSetting("Ledger:Seal:KeyId", ComputeMarketFactory.SealKeyId);
            builder.UseSetting("Ledger:Seal:Key", ComputeMarketFactory.SealKey);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureTestServices(services => services.AddSingleton(new InstanceName(name)));
        }
    }
}

/// <summary>
/// Hangfire keeps some settings process-wide (its log provider follows the last container that configured it), so
/// tests that run Hangfire servers run alone, never beside another host being disposed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireGlobals
{
    public const string Name = "Hangfire servers";
}
