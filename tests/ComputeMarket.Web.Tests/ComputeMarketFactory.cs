using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ComputeMarket.Web.Tests;

/// <summary>
/// The real application on its own SQLite file, with the demo seeded and the first administrator configured.
/// <see cref="StartOnKestrel"/> serves it on a real socket for the browser tests; otherwise requests go
/// through the in-memory test server. The Hangfire job server is off so that jobs run only when a test says.
/// </summary>
public class ComputeMarketFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "root@computemarket.test";
    public const string Password = "Demo-pass-2026";

    public const string PayeeName = "ComputeMarket Test Payee Ltd.";
    public const string PayeeBank = "Bank of Tests, Pudong Branch";
    public const string PayeeAccount = "6222 0210 0000 4242";

    /// <summary>The demo provider's metering key and the first demo buyer's usage key, seeded as in Development.</summary>
    public const string MeteringKey = "cmm_web_tests_provider_metering";

    public const string UsageKey = "cmu_web_tests_buyer_usage_key";

    /// <summary>The tests' checkpoint-signing key, given by configuration as in production.</summary>
    public const string SealKeyId = "web-tests-1";

    public const string SealKey = "d2ViIHRlc3RzIG9ubHk6IGEgc2VhbCBrZXkgb2YgMzIgYnl0ZXM=";

    private static readonly string[] RateLimitRules =
        ["SignInPerAccount", "SignInPerAddress", "SignUpPerAddress", "PasswordResetPerAddress", "InvitationPerAddress", "ApiPerCaller"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "computemarket-web-tests", Guid.NewGuid().ToString("N"));
    private bool _kestrel;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Every message the app sends, instead of the logging sender.</summary>
    public SentMail Mail { get; } = new();

    /// <summary>
    /// Configuration applied after the defaults below, for fixtures that test one setting (small rate limits,
    /// trusted proxies). Fill it before the first request.
    /// </summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>Extra registrations for fixtures that observe a part of the app (they wrap real services, never replace the database).</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    /// <summary>
    /// Rate limits far above what any test sends, so that the many sign-ins from one address in the suite are never
    /// turned away; the rate-limit tests set small ones in <see cref="Settings"/>.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> GenerousRateLimits() =>
        RateLimitRules.Select(rule => new KeyValuePair<string, string?>($"RateLimiting:{rule}:PermitLimit", "100000"));

    /// <summary>Starts the app on Kestrel at a free port on 127.0.0.1 and returns its address.</summary>
    /// <summary>The test clients ask for English (the tests read English text); localization tests set their own language.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    public Uri StartOnKestrel()
    {
        _kestrel = true;
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={Path.Combine(_folder, "app.db")}");
        builder.UseSetting("Hangfire:ServerEnabled", "false");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Password", Password);
        builder.UseSetting("Demo:MeteringKey", MeteringKey);
        builder.UseSetting("Demo:UsageKey", UsageKey);
        builder.UseSetting("Payments:Payee:AccountName", PayeeName);
        builder.UseSetting("Payments:Payee:Bank", PayeeBank);
        builder.UseSetting("Payments:Payee:AccountNumber", PayeeAccount);
        builder.UseSetting("Bootstrap:Administrator:Email", AdminEmail);
        builder.UseSetting("Bootstrap:Administrator:Password", Password);
        builder.UseSetting("Ledger:Seal:KeyId", SealKeyId);
        builder.UseSetting("Ledger:Seal:Key", SealKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        foreach (var (key, value) in GenerousRateLimits())
        {
            builder.UseSetting(key, value);
        }

        // Staff sign in with their password alone here, as in Development; StaffTwoFactorTests turn the rule on.
        builder.UseSetting("Security:RequireTwoFactorForStaff", "false");

        if (_kestrel)
        {
            builder.UseUrls("http://127.0.0.1:0");

            // The browser reaches Kestrel over plain HTTP on loopback; clients of the in-memory server use HTTPS.
            builder.UseSetting("Security:CookieSecurePolicy", "SameAsRequest");
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IMailSender>(Mail);
            foreach (var configure in TestServices)
            {
                configure(services);
            }
        });
    }

    /// <summary>
    /// Hangfire keeps one log provider for the whole process, pointed at the logging of the last host that configured
    /// it. Test hosts come and go in one process (classes run in parallel), so once a host is built its provider is
    /// replaced by one that outlives every host: otherwise a job client or server made by one test would log through
    /// the disposed logging of another test's host.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(SilentHangfireLog.Instance);
        return host;
    }

    public async Task<T> WithDatabase<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // left for the temp cleaner
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Hangfire's log, silenced for the tests (job outcomes are kept in Hangfire's storage, which the tests read).</summary>
internal sealed class SilentHangfireLog : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
{
    public static readonly SilentHangfireLog Instance = new();

    public Hangfire.Logging.ILog GetLogger(string name) => this;

    public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}
