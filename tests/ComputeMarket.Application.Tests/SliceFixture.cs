using ComputeMarket.Application;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Infrastructure;
using ComputeMarket.Infrastructure.Persistence;
using MediatR;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Time.Testing;

namespace ComputeMarket.Application.Tests;

/// <summary>
/// Runs use cases the way the site does: the real MediatR pipeline, real handlers, Identity and EF Core on a
/// real SQLite file with the migrations applied. One database per test class; time is a fake clock.
/// </summary>
public sealed class SliceFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "computemarket-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _services;

    public string DatabasePath => Path.Combine(_folder, "app.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sqlite"] = $"Data Source={DatabasePath}",
                ["Hangfire:ServerEnabled"] = "false",
            })
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection();
        services.AddHttpContextAccessor();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddApplication();
        services.AddInfrastructure(configuration, new HostingEnvironment { ContentRootPath = _folder, EnvironmentName = "Testing" });
        services.AddAppIdentity();
        services.AddScoped<TestUser>();
        services.AddScoped<ICurrentUser>(provider => provider.GetRequiredService<TestUser>());
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    public async Task DisposeAsync()
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

    /// <summary>Sends a request through the pipeline in a fresh scope, as the person with <paramref name="asUserId"/>.</summary>
    public async Task<TResponse> Send<TResponse>(IRequest<TResponse> request, string? asUserId = null, params string[] roles)
    {
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
