using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Operations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Jobs;
using ComputeMarket.Infrastructure.Mail;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Infrastructure.Seeding;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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

        // Interceptors registered in the container (diagnostics, tests) are added to every context.
        var connectionString = database.ConnectionString(configuration, environment.ContentRootPath);
        switch (database.Provider)
        {
            case DatabaseProvider.SqlServer:
                services.AddDbContext<AppDbContext, SqlServerAppDbContext>((provider, options) => options.UseDatabase(database.Provider, connectionString).AddInterceptors(provider.GetServices<IInterceptor>()));
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContext<AppDbContext, PostgreSqlAppDbContext>((provider, options) => options.UseDatabase(database.Provider, connectionString).AddInterceptors(provider.GetServices<IInterceptor>()));
                break;
            default:
                services.AddDbContext<AppDbContext, SqliteAppDbContext>((provider, options) => options.UseDatabase(database.Provider, connectionString).AddInterceptors(provider.GetServices<IInterceptor>()));
                break;
        }

        services.AddScoped<IAppDbContext>(provider => provider.GetRequiredService<AppDbContext>());
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            services.AddSingleton<SqliteWriteQueue>();
        }

        services.AddScoped<IUnitOfWork>(provider => new UnitOfWork(
            provider.GetRequiredService<AppDbContext>(),
            database,
            provider.GetService<SqliteWriteQueue>()));
        services.AddScoped<ILedgerWriterQueue, LedgerWriterQueue>();
        services.AddScoped<IIdentityService, IdentityService>();
        services.AddScoped<PersonalDataEraser>();
        services.AddSingleton<IMailSender, LoggingMailSender>();
        if (environment.IsDevelopment())
        {
            services.AddSingleton<DevelopmentOutbox>();
        }

        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.Configure<ComputeMarket.Application.Common.Display.DisplayOptions>(configuration.GetSection(ComputeMarket.Application.Common.Display.DisplayOptions.Section));
        services.Configure<ComputeMarket.Application.Wallets.PayeeOptions>(configuration.GetSection(ComputeMarket.Application.Wallets.PayeeOptions.Section));
        services.Configure<ComputeMarket.Application.Ledger.MoneyOptions>(configuration.GetSection(ComputeMarket.Application.Ledger.MoneyOptions.Section));
        services.Configure<ComputeMarket.Application.Ledger.LedgerSealOptions>(configuration.GetSection(ComputeMarket.Application.Ledger.LedgerSealOptions.Section));
        services.AddScoped<ILedgerStorageCheck, LedgerStorageCheck>();
        services.AddScoped<IUsageEventWriter, UsageEventWriter>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoMetering>();

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
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();

    private static void AddJobs(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        var options = configuration.GetSection(HangfireOptions.Section).Get<HangfireOptions>() ?? new HangfireOptions();

        // Storage and activator are registered per application instead of through Hangfire's static globals,
        // so that each host (and each test host in one process) has its own queue and its own service scope.
        // Hangfire keeps its log provider process-wide; configuring it (IGlobalConfiguration) before the storage is
        // built points it at this container's logging, which matters when one process hosts several containers.
        services.AddSingleton<JobStorage>(provider =>
        {
            _ = provider.GetRequiredService<IGlobalConfiguration>();
            return database.Provider switch
            {
                DatabaseProvider.SqlServer => new SqlServerStorage(
                    configuration.GetConnectionString("Hangfire") ?? database.ConnectionString(configuration, ""),
                    new SqlServerStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.Zero }),
                DatabaseProvider.PostgreSql => PostgreSqlJobStorage(configuration.GetConnectionString("Hangfire") ?? database.ConnectionString(configuration, "")),
                _ => new InMemoryStorage(new InMemoryStorageOptions()),
            };
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (options.ServerEnabled)
        {
            services.AddHangfireServer((_, server) =>
            {
                server.WorkerCount = Math.Max(1, options.WorkerCount);
                server.SchedulePollingInterval = options.SchedulePollingInterval;
            });
        }

        services.AddScoped<HeartbeatJob>();
        services.AddScoped<SettlementJob>();
        services.Configure<ComputeMarket.Application.Metering.SettlementOptions>(configuration.GetSection(ComputeMarket.Application.Metering.SettlementOptions.Section));
        services.AddScoped<VoidExpiredTransfersJob>();
        services.AddScoped<CloseExpiredAllocationsJob>();
        services.AddScoped<OptimizeDatabaseJob>();
        services.AddScoped<SealLedgerJob>();
        services.AddScoped<FullVerificationJob>();
        services.AddScoped<ILedgerJobs, LedgerJobs>();
        services.AddSingleton<IJobMonitor, HangfireJobMonitor>();
    }

    private static PostgreSqlStorage PostgreSqlJobStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options, null), options);
    }
}
