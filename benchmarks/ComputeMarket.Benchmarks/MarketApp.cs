using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// The real application, configured as in production except for its database (a fresh SQLite file in a temp
/// folder, demo data seeded) and the Hangfire job server (off, so no background work competes with the timings).
/// </summary>
internal sealed class MarketApp : WebApplicationFactory<Program>
{
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
        builder.UseSetting("Bootstrap:Administrator:Email", "root@computemarket.bench");
        builder.UseSetting("Bootstrap:Administrator:Password", "Bench-pass-2026");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
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
