using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// The real application, configured as in production except for its database (a fresh SQLite file in a temp
/// folder, or the database <paramref name="settings"/> name; demo data seeded) and the Hangfire job server (off, so no
/// background work competes with the timings), plain HTTP cookies, staff signing in without a second factor, and no
/// per-address sign-in limit for its many sessions from one address. Its clock is the system's.
/// </summary>
internal sealed class MarketApp(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>The first administrator, from configuration as in production.</summary>
    public const string AdministratorEmail = "root@computemarket.bench";

    public const string AdministratorPassword = "Bench-pass-2026";

    /// <summary>The password of the seeded demo accounts (the app's default for <c>Demo:Password</c>).</summary>
    public const string DemoPassword = "Demo-pass-2026";

    // The checkpoint-signing key, from configuration as in production (base64 of 38 bytes; for the benchmarks only).
    private const string SealKeyId = "benchmarks-1";
    private const string SealKey = "YmVuY2htYXJrcyBvbmx5OiBhIHNlYWwga2V5LCAzMisgYnl0ZXM=";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "computemarket-benchmarks", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(_folder, "app.db");

    /// <summary>Starts the app on Kestrel at a free port on 127.0.0.1 and returns its address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
        builder.UseUrls("http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={DatabasePath}");
        builder.UseSetting("Hangfire:ServerEnabled", "false");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Bootstrap:Administrator:Email", AdministratorEmail);
        builder.UseSetting("Bootstrap:Administrator:Password", AdministratorPassword);
        builder.UseSetting("Ledger:Seal:KeyId", SealKeyId);
        builder.UseSetting("Ledger:Seal:Key", SealKey);

        // Plain HTTP on the loopback, as the compose files' trial runs: cookies that demand HTTPS would never come back.
        builder.UseSetting("Security:CookieSecurePolicy", "SameAsRequest");

        // Staff sign in with their password alone, as in Development: the pages measured are the same after sign-in.
        builder.UseSetting("Security:RequireTwoFactorForStaff", "false");

        // Every benchmark session signs in from 127.0.0.1; the per-address limit is for strangers, not for them.
        builder.UseSetting("RateLimiting:SignInPerAddress:PermitLimit", "10000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // left for the temp cleaner
        }
    }
}
