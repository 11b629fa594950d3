using Microsoft.EntityFrameworkCore;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Application;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Tests.Localization;
using ComputeMarket.Infrastructure;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Testing;
using MediatR;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Time.Testing;

namespace ComputeMarket.Application.Tests;

/// <summary>
/// Runs use cases the way the site does: the real MediatR pipeline, real handlers, Identity and EF Core on a
/// real database with the migrations applied — a SQLite file here, a PostgreSQL database in
/// <see cref="PostgresSliceFixture"/>. One database per test class; time is a fake clock.
/// </summary>
public class SliceFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "computemarket-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;
    private Action<IServiceCollection>? _configure;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _services;

    public string DatabasePath => Path.Combine(_folder, "app.db");

    /// <summary>The checkpoint-signing key of the tests (configuration, as in production: never in the database).</summary>
    public const string SealKeyId = "tests-1";

    public const string SealKey = "dGVzdHMtb25seSBzZWFsIGtleSwgMzIgYnl0ZXMgbG9uZyEh";

    public virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var settings = await DatabaseSettingsAsync();
        settings["Hangfire:ServerEnabled"] = "false";
        settings["Ledger:Seal:KeyId"] = SealKeyId;
        settings["Ledger:Seal:Key"] = SealKey;
        _services = Build(settings, _folder, Clock, _configure);
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    /// <summary>The configuration that points the application at this fixture's database.</summary>
    protected virtual Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["ConnectionStrings:Sqlite"] = $"Data Source={DatabasePath}" });

    /// <summary>The application's services as the site registers them, with a test user and a fake clock.</summary>
    internal static ServiceProvider Build(Dictionary<string, string?> settings, string contentRoot, TimeProvider clock, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection();
        services.AddHttpContextAccessor();
        services.AddSingleton(clock);
        services.AddApplication();
        services.AddInfrastructure(configuration, new HostingEnvironment { ContentRootPath = contentRoot, EnvironmentName = "Testing" });
        services.AddAppIdentity();
        services.AddScoped<TestUser>();
        services.AddScoped<ICurrentUser>(provider => provider.GetRequiredService<TestUser>());
        services.AddSingleton<IInterceptor, ProbeCommands>();
        services.AddSingleton<IInterceptor, ProbeTransactions>();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Adds to the application's services before they are built (call before the fixture initializes).</summary>
    public void ConfigureServices(Action<IServiceCollection> configure) => _configure += configure;

    public virtual async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine is left for the OS's temp cleaner.
        }
    }

    /// <summary>
    /// Sends a request through the pipeline in a fresh scope, as the person with <paramref name="asUserId"/>. Messages
    /// come in English unless the test chose a language (<see cref="CultureScope"/>), whatever the machine's language.
    /// </summary>
    public async Task<TResponse> Send<TResponse>(IRequest<TResponse> request, string? asUserId = null, params string[] roles)
    {
        using var language = CultureScope.IsActive ? null : new CultureScope("en");
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TestUser>().Set(asUserId, roles);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Runs <paramref name="action"/> against the database in a fresh scope, for arranging and asserting.</summary>
    public async Task<T> Query<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>
    /// Stores a usage event for an allocation as its provider's metering would, waiting for settlement (or for the
    /// allocation's closing, which settles it first).
    /// </summary>
    public Task<int> StoreUsageAsync(Guid allocationId, long inputTokens, long outputTokens, string? eventId = null) =>
        Query(async db =>
        {
            var allocation = await db.Allocations.AsNoTracking().SingleAsync(a => a.Id == allocationId);
            var now = DateTime.UtcNow;
            db.UsageEvents.Add(new UsageEvent(allocation.ProviderOrganizationId, eventId ?? Guid.NewGuid().ToString("N"), allocationId, inputTokens, outputTokens, allocation.CreatedAtUtc, now));
            return await db.SaveChangesAsync();
        });
}

/// <summary>
/// The same slices on PostgreSQL: a database cloned from a migrated template on the throwaway server the test run
/// starts (see ComputeMarket.Testing), so that what a test proves about concurrency holds on a server engine.
/// </summary>
public sealed class PostgresSliceFixture : SliceFixture
{
    private string? _connectionString;

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connectionString is not null)
        {
            await PostgresServer.DropDatabaseAsync(_connectionString);
        }
    }

    protected override async Task<Dictionary<string, string?>> DatabaseSettingsAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseFromTemplateAsync("application", MigrateAsync, "slice");
        return Settings(_connectionString);
    }

    private static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Database:Provider"] = nameof(DatabaseProvider.PostgreSql),
        ["ConnectionStrings:PostgreSql"] = connectionString,
        ["Hangfire:ServerEnabled"] = "false",
    };

    private static async Task MigrateAsync(string connectionString)
    {
        await using var services = Build(Settings(connectionString), Path.GetTempPath(), TimeProvider.System);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }
}

public sealed class TestUser : ICurrentUser
{
    private string[] _roles = [];

    public string? UserId { get; private set; }

    public void Set(string? userId, string[] roles)
    {
        UserId = userId;
        _roles = roles;
    }

    public bool IsInRole(string role) => _roles.Contains(role);
}
