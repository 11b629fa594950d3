using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Jobs;
using ComputeMarket.Infrastructure.Mail;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Infrastructure.Seeding;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ComputeMarket.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(database);
        services.TryAddSingleton(TimeProvider.System);

        switch (database.Provider)
        {
            case DatabaseProvider.SqlServer:
                var sqlServer = configuration.GetConnectionString("SqlServer")
                    ?? throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:SqlServer is not set.");
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>(options =>
                    options.UseSqlServer(sqlServer, sql => sql.EnableRetryOnFailure()));
                break;
            default:
                var sqlite = SqliteConnectionString(configuration.GetConnectionString("Sqlite"), environment.ContentRootPath);
                services.AddDbContext<AppDbContext, SqliteAppDbContext>(options => options.UseSqlite(sqlite));
                break;
        }

        services.AddScoped<IAppDbContext>(provider => provider.GetRequiredService<AppDbContext>());
        services.AddScoped<IIdentityService, IdentityService>();
        services.AddSingleton<IMailSender, LoggingMailSender>();
        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.Configure<ComputeMarket.Application.Ledger.MoneyOptions>(configuration.GetSection(ComputeMarket.Application.Ledger.MoneyOptions.Section));
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();

        services.AddJobs(configuration, database);
        return services;
    }

    /// <summary>Identity with EF Core stores in the application database and the platform's password and lockout rules.</summary>
    public static IdentityBuilder AddAppIdentity(this IServiceCollection services) =>
        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

    private static void AddJobs(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        var options = configuration.GetSection(HangfireOptions.Section).Get<HangfireOptions>() ?? new HangfireOptions();

        // Storage and activator are registered per application instead of through Hangfire's static globals,
        // so that each host (and each test host in one process) has its own queue and its own service scope.
        services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.SqlServer
            ? new SqlServerStorage(
                configuration.GetConnectionString("Hangfire") ?? configuration.GetConnectionString("SqlServer"),
                new SqlServerStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.Zero })
            : new InMemoryStorage(new InMemoryStorageOptions()));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (options.ServerEnabled)
        {
            services.AddHangfireServer((_, server) => server.WorkerCount = Math.Max(1, options.WorkerCount));
        }

        services.AddScoped<HeartbeatJob>();
        services.AddScoped<VoidExpiredTransfersJob>();
        services.AddScoped<CloseExpiredAllocationsJob>();
        services.AddScoped<OptimizeDatabaseJob>();
    }

    private static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? "Data Source=App_Data/computemarket.db");
        if (builder.DataSource is not (":memory:" or "") && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }
}
