using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ComputeMarket.Application.Market;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// Times the catalog (the /market page and its query) on the real app with a large market, side by side with a bare
/// Kestrel endpoint in the same run. A benchmark, not a test: it reports figures and fails only when a response is
/// wrong, never because something was slow. Usage: [catalog] [--iterations N] [--offers N] [--sql] [--no-optimize].
/// </summary>
internal static partial class CatalogBenchmark
{
    private const string OfferTable = "data-testid=\"offers\"";
    private const int Seed = 20_260_501;

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = Options.Int(args, "--iterations", 300);
        var offerCount = Options.Int(args, "--offers", 10_000);
        var sqlOnly = args.Contains("--sql");
        var warmUp = Math.Max(20, iterations / 10);

        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the current
        // directory; `dotnet run` starts in the caller's directory, not in the output folder that holds it.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        Report.PrintMachine();
        using var sql = new SqlCapture();
        await using var market = new MarketApp();
        var started = Stopwatch.GetTimestamp();
        var marketAddress = market.StartOnKestrel();
        Console.WriteLine(Invariant($"App started on {marketAddress} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (fresh SQLite {await BenchmarkDatabase.SqliteVersionAsync(market.Services)} database, demo data seeded)."));

        started = Stopwatch.GetTimestamp();
        await OfferMix.InsertAsync(market.Services, offerCount, Seed);
        var inserting = Stopwatch.GetElapsedTime(started);
        var listed = await SendAsync(market.Services, new SearchCatalog());
        Console.WriteLine(Invariant($"Inserted {offerCount:N0} offers in {inserting.TotalSeconds:0.0} s; the catalog counts {(listed.CountIsCapped ? "more than " : "")}{listed.TotalCount:N0} active offers."));
        if (!args.Contains("--no-optimize"))
        {
            // What the app's hourly job does after data changes: refresh SQLite's planner statistics.
            await using var scope = market.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ComputeMarket.Infrastructure.Jobs.OptimizeDatabaseJob>().RunAsync(CancellationToken.None);
            Console.WriteLine("Ran the optimize-database job (PRAGMA optimize) after inserting, as the hourly job would.");
        }

        var (bare, bareAddress) = await BareApp.StartAsync();
        await using var bareApp = bare;
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });

        var baseline = new HttpScenario("Bare Kestrel GET / (baseline)", client, bareAddress, "ok");
        var filtered = new SearchCatalog(GpuModel: "H100", Region: "East China (Shanghai)", Sort: CatalogSort.Throughput);

        // The price-and-throughput scenario reads its third page, or its last one when a small market has fewer.
        var ceiling = await SendAsync(market.Services, new SearchCatalog(MaxPrice: "5", MinThroughput: 2000));
        var deepPage = Math.Min(3, ceiling.PageCount);
        HttpScenario Page(string pathAndQuery) =>
            new("GET " + pathAndQuery, client, new Uri(marketAddress, pathAndQuery.Replace(" ", "%20", StringComparison.Ordinal)), OfferTable);

        List<Scenario> scenarios =
        [
            baseline,
            Page("/market"),
            Page("/market?gpu=H100&region=East China (Shanghai)&sort=Throughput"),
            Page(Invariant($"/market?maxPrice=5&minThroughput=2000&p={deepPage}")),
            Page("/market?sort=Reliability"),
            Page("/market?sort=Reliability&dir=Ascending&model=Kimi-K2"),
            Page("/market?sort=Blended"),
            Page("/market?sort=Input&dir=Descending&p=3"),
            Page("/market?sort=Output&region=North China (Beijing)"),
            Page("/market?sort=Throughput&dir=Ascending&maxPrice=3"),
            Scenarios.SearchCatalog("SearchCatalog() (in-process)", market.Services, new SearchCatalog()),
            Scenarios.SearchCatalog("SearchCatalog(H100, Shanghai, Throughput) (in-process)", market.Services, filtered),
            Scenarios.CatalogFacets(market.Services),
        ];

        Console.WriteLine(Invariant($"Warming up: {warmUp} rounds."));
        if (!await RunRoundsAsync(scenarios, warmUp, record: false))
        {
            return 1;
        }

        var queries = await CountQueriesAsync(scenarios, sql, market.DatabasePath, printPlans: sqlOnly);
        if (queries is null)
        {
            return 1;
        }

        if (sqlOnly)
        {
            return 0;
        }

        Console.WriteLine(Invariant($"Measuring: {iterations} rounds, each scenario once per round, in rotating order."));
        started = Stopwatch.GetTimestamp();
        if (!await RunRoundsAsync(scenarios, iterations, record: true))
        {
            return 1;
        }

        Console.WriteLine(Invariant($"Measured in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s."));
        PrintTable(scenarios, Summary.Of(baseline.Milliseconds), queries);
        return 0;
    }

    /// <summary>
    /// Runs every scenario once per round, starting each round one scenario further on, so that drift on a shared
    /// machine (other load, thermal, GC) falls on all scenarios alike and the ratios stay fair.
    /// </summary>
    private static async Task<bool> RunRoundsAsync(List<Scenario> scenarios, int rounds, bool record)
    {
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < scenarios.Count; i++)
            {
                var scenario = scenarios[(round + i) % scenarios.Count];
                var started = Stopwatch.GetTimestamp();
                await scenario.ExecuteAsync();
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (scenario.Check() is { } problem)
                {
                    await Console.Error.WriteLineAsync("FAILED: " + problem);
                    return false;
                }

                if (record)
                {
                    scenario.Milliseconds.Add(elapsed.TotalMilliseconds);
                }
            }
        }

        return true;
    }

    /// <summary>How many SQL commands each scenario runs (one untimed pass), with their SQL and plans when asked.</summary>
    private static async Task<Dictionary<Scenario, int>?> CountQueriesAsync(List<Scenario> scenarios, SqlCapture sql, string databasePath, bool printPlans)
    {
        var counts = new Dictionary<Scenario, int>();
        foreach (var scenario in scenarios)
        {
            sql.Begin();
            await scenario.ExecuteAsync();
            var commands = sql.End();
            if (scenario.Check() is { } problem)
            {
                await Console.Error.WriteLineAsync("FAILED: " + problem);
                return null;
            }

            counts[scenario] = commands.Count;
            var matches = scenario is HttpScenario page && ResultCount().Match(page.Body) is { Success: true } match ? $", {(match.Groups[2].Value == "true" ? "more than " : "")}{match.Groups[1].Value} matching offers counted" : "";
            Console.WriteLine(Invariant($"{scenario.Name}: {commands.Count} SQL commands{matches}"));
            if (!printPlans)
            {
                continue;
            }

            foreach (var command in commands)
            {
                Console.WriteLine(Invariant($"  -- {command.Duration.TotalMilliseconds:0.00} ms"));
                Console.WriteLine(Indent(command.Sql, "  "));
                Console.WriteLine("  -- plan:");
                foreach (var line in await SqlCapture.ExplainAsync(databasePath, command))
                {
                    Console.WriteLine("    " + line);
                }
            }
        }

        return counts;
    }

    private static void PrintTable(List<Scenario> scenarios, Summary baseline, Dictionary<Scenario, int> queries)
    {
        Console.WriteLine();
        Console.WriteLine("| Scenario | Iterations | Median ms | p95 ms | Max ms | Median ÷ bare | Response bytes | SQL commands |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in scenarios)
        {
            var summary = Summary.Of(scenario.Milliseconds);
            var bytes = scenario.ResponseBytes is { } size ? size.ToString("N0", CultureInfo.InvariantCulture) : "–";
            Console.WriteLine(Invariant(
                $"| {scenario.Name} | {summary.Iterations} | {summary.Median:0.00} | {summary.P95:0.00} | {summary.Max:0.00} | {summary.Median / baseline.Median:0.0} | {bytes} | {queries[scenario]} |"));
        }
    }

    private static async Task<T> SendAsync<T>(IServiceProvider services, IRequest<T> request)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private static string Indent(string text, string prefix) =>
        string.Join(Environment.NewLine, text.Split('\n').Select(line => prefix + line.TrimEnd('\r')));

    private static string Invariant(FormattableString text) => Report.Invariant(text);

    [GeneratedRegex("data-testid=\"result-count\" data-count=\"([0-9]+)\" data-capped=\"(true|false)\"")]
    private static partial Regex ResultCount();
}
