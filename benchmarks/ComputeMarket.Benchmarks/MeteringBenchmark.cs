using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Metering;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ComputeMarket.Benchmarks.Report;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// Metering and settlement, measured on the real app: <c>ingest</c> (100-event reports over HTTP from concurrent
/// agents), <c>single</c> (one-event reports against a bare Kestrel endpoint in the same run), <c>settle</c> (a backlog
/// of waiting events over many allocations settled by the real job code, with peak memory), <c>ledger</c> (LedgerService
/// in batches against a raw SQLite insert loop) and <c>backlog</c> (a steady report rate with settlement every interval).
/// Usage: metering [ingest|single|settle|ledger|backlog|all] [--engine sqlite|postgres|both] [--seconds N] [--clients N]
/// [--events N] [--allocations N] [--rate N].
/// </summary>
internal static class MeteringBenchmark
{
    private const string Key = "cmm_benchmark_metering_key_2026";

    public static async Task<int> RunAsync(string[] args)
    {
        var (part, rest) = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? (args[0], args[1..]) : ("all", args);
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        PrintMachine();
        var engines = Options.Engines(rest, "sqlite");
        foreach (var engine in engines)
        {
            if (part is "ingest" or "all")
            {
                await IngestAsync(engine, rest);
            }

            if (part is "single" or "all")
            {
                await SingleAsync(engine, rest);
            }

            if (part is "settle" or "all")
            {
                await SettleAsync(engine, rest);
            }

            if (part is "ledger" or "all")
            {
                await LedgerAsync(engine, rest);
            }

            if (part is "backlog")
            {
                await BacklogAsync(engine, rest);
            }
        }

        return 0;
    }

    private static Dictionary<string, string?> AppSettings(EngineDatabase database) => new(database.Settings)
    {
        ["Demo:MeteringKey"] = Key,
        ["RateLimiting:ApiPerCaller:PermitLimit"] = "100000000",
    };

    private static async Task<List<Guid>> DemoAllocationsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var provider = await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
        return await db.Allocations.Where(a => a.ProviderOrganizationId == provider && a.Status == AllocationStatus.Active).Select(a => a.Id).ToListAsync();
    }

    private static HttpClient Agent(Uri address, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    private static string Body(List<Guid> allocations, string prefix, long first, int count, DateTime at)
    {
        var text = new StringBuilder("{\"events\":[");
        var time = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            text.Append(i == 0 ? "" : ",")
                .Append("{\"id\":\"").Append(prefix).Append(n).Append("\",\"allocationId\":\"").Append(allocations[(int)(n % allocations.Count)])
                .Append("\",\"inputTokens\":").Append(300 + (n % 700)).Append(",\"outputTokens\":").Append(100 + (n % 300))
                .Append(",\"occurredAt\":\"").Append(time).Append("\"}");
        }

        return text.Append("]}").ToString();
    }

    /// <summary>Concurrent agents posting 100-event reports for <c>--seconds</c> (60 by default): events stored per second.</summary>
    private static async Task IngestAsync(Engine engine, string[] args)
    {
        var seconds = Options.Int(args, "--seconds", 60);
        var clients = Options.Int(args, "--clients", 8);
        var batch = Options.Int(args, "--batch", 100);
        Console.WriteLine();
        Console.WriteLine(Invariant($"== ingest on {engine}: {clients} agents, {batch} events a request, {seconds} s =="));
        await using var database = await EngineDatabase.CreateAsync(engine, "bench_ingest");
        using var sql = args.Contains("--sql") ? new SqlCapture() : null;
        await using var market = new MarketApp(AppSettings(database));
        var address = market.StartOnKestrel();
        var allocations = await DemoAllocationsAsync(market.Services);
        if (sql is not null)
        {
            await ExplainOneReportAsync(sql, market, address, allocations, batch);
        }

        var before = await CountEventsAsync(market.Services);
        using var client = Agent(address, clients);
        var latencies = new List<double>();
        long sent = 0, accepted = 0, failed = 0;
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(seconds * Stopwatch.Frequency);
        var at = DateTime.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(agent => Task.Run(async () =>
        {
            var local = new List<double>();
            long n = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var body = Body(allocations, $"i{agent}-", n, batch, at);
                n += batch;
                var t = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("/api/v1/usage", new StringContent(body, Encoding.UTF8, "application/json"));
                local.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                Interlocked.Add(ref sent, batch);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Add(ref accepted, batch);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }

            lock (latencies)
            {
                latencies.AddRange(local);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var summary = Summary.Of(latencies);
        var stored = await CountEventsAsync(market.Services) - before;
        Console.WriteLine(Invariant($"{await database.DescribeAsync(market.Services)}; {LoadAverage()}"));
        Console.WriteLine(Invariant($"events accepted: {accepted:N0} in {elapsed:0.0} s = {accepted / elapsed:N0} events/s ({latencies.Count / elapsed:N0} requests/s); stored {stored:N0}; failed requests {failed}"));
        Console.WriteLine(Invariant($"request latency: p50 {summary.Median:0.0} ms, p99 {summary.P99:0.0} ms, max {summary.Max:0.0} ms"));
        if (failed > 0 || stored != accepted)
        {
            throw new BenchmarkFailure($"{failed} reports failed; {accepted} accepted but {stored} stored.");
        }
    }

    /// <summary>The SQL one report runs, with each command's time and, on SQLite, its plan.</summary>
    private static async Task ExplainOneReportAsync(SqlCapture sql, MarketApp market, Uri address, List<Guid> allocations, int batch)
    {
        using var client = Agent(address, 1);
        for (var warm = 0; warm < 20; warm++)
        {
            await client.PostAsync("/api/v1/usage", new StringContent(Body(allocations, "warm-", warm * batch, batch, DateTime.UtcNow), Encoding.UTF8, "application/json"));
        }

        sql.Begin();
        var t = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("/api/v1/usage", new StringContent(Body(allocations, "explain-", 0, batch, DateTime.UtcNow), Encoding.UTF8, "application/json"));
        var total = Stopwatch.GetElapsedTime(t);
        var commands = sql.End();
        Console.WriteLine(Invariant($"one report of {batch} events: {(int)response.StatusCode} in {total.TotalMilliseconds:0.0} ms, {commands.Count} commands taking {commands.Sum(c => c.Duration.TotalMilliseconds):0.0} ms"));
        foreach (var command in commands)
        {
            Console.WriteLine(Invariant($"  {command.Duration.TotalMilliseconds,7:0.00} ms  {command.Sql.ReplaceLineEndings(" ")[..Math.Min(160, command.Sql.Length)]}"));
        }
    }

    /// <summary>One-event reports against a trivial Kestrel endpoint in the same process, the same client settings and the same run.</summary>
    private static async Task SingleAsync(Engine engine, string[] args)
    {
        var seconds = Options.Int(args, "--seconds", 20);
        var clients = Options.Int(args, "--clients", 16);
        Console.WriteLine();
        Console.WriteLine(Invariant($"== single-event reports on {engine}: {clients} agents, {seconds} s each, against a bare endpoint =="));
        await using var database = await EngineDatabase.CreateAsync(engine, "bench_single");
        await using var market = new MarketApp(AppSettings(database));
        var address = market.StartOnKestrel();
        var allocations = await DemoAllocationsAsync(market.Services);
        var (bare, bareAddress) = await BareApp.StartAsync();
        await using var _ = bare;
        using var client = Agent(address, clients);
        using var bareClient = Agent(bareAddress, clients);
        var at = DateTime.UtcNow;

        async Task<(double PerSecond, Summary Latency)> LoadAsync(Func<int, long, Task<bool>> call)
        {
            var latencies = new List<double>();
            var started = Stopwatch.GetTimestamp();
            var until = started + (long)(seconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(agent => Task.Run(async () =>
            {
                var local = new List<double>();
                long n = 0;
                while (Stopwatch.GetTimestamp() < until)
                {
                    var t = Stopwatch.GetTimestamp();
                    if (!await call(agent, n++))
                    {
                        throw new BenchmarkFailure("A request failed.");
                    }

                    local.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }

                lock (latencies)
                {
                    latencies.AddRange(local);
                }
            })));
            return (latencies.Count / Stopwatch.GetElapsedTime(started).TotalSeconds, Summary.Of(latencies));
        }

        var ours = await LoadAsync(async (agent, n) =>
        {
            using var response = await client.PostAsync("/api/v1/usage", new StringContent(Body(allocations, $"s{agent}-", n, 1, at), Encoding.UTF8, "application/json"));
            return response.StatusCode == HttpStatusCode.Accepted;
        });
        var yardstick = await LoadAsync(async (_, _) =>
        {
            using var response = await bareClient.GetAsync("/");
            return response.IsSuccessStatusCode;
        });
        Console.WriteLine(Invariant($"{await database.DescribeAsync(market.Services)}; {LoadAverage()}"));
        Console.WriteLine("| Endpoint | Requests/s | p50 ms | p99 ms | Max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Invariant($"| POST /api/v1/usage (1 event) | {ours.PerSecond:N0} | {ours.Latency.Median:0.00} | {ours.Latency.P99:0.00} | {ours.Latency.Max:0.0} |"));
        Console.WriteLine(Invariant($"| bare Kestrel GET / | {yardstick.PerSecond:N0} | {yardstick.Latency.Median:0.00} | {yardstick.Latency.P99:0.00} | {yardstick.Latency.Max:0.0} |"));
        Console.WriteLine(Invariant($"ratio: {ours.PerSecond / yardstick.PerSecond:P0} of the bare endpoint's requests/s"));
    }

    /// <summary>
    /// <c>--events</c> waiting events (1,000,000 by default) over <c>--allocations</c> open allocations (1,000), stored
    /// directly (this measures settlement, not ingest), then settled by the job's request; reports the time, the
    /// batches and the process's memory sampled while it ran.
    /// </summary>
    private static async Task SettleAsync(Engine engine, string[] args)
    {
        var events = Options.Int(args, "--events", 1_000_000);
        var allocationCount = Options.Int(args, "--allocations", 1_000);
        Console.WriteLine();
        Console.WriteLine(Invariant($"== settlement on {engine}: {events:N0} events over {allocationCount:N0} allocations =="));
        await using var database = await EngineDatabase.CreateAsync(engine, "bench_settle");
        await using var market = new MarketApp(AppSettings(database));
        market.StartOnKestrel();
        var services = market.Services;
        var setup = Stopwatch.GetTimestamp();
        var offer = (await MarketSetup.ListOffersAsync(services, 1))[0];
        var buyer = (await MarketSetup.RegisterOrganizationsAsync(services, "settle", 1, topUp: "1000000.00"))[0];
        var allocations = new List<Guid>();
        for (var i = 0; i < allocationCount; i++)
        {
            var placed = AppRequests.Expect(await AppRequests.SendAsAsync(services, buyer.Email, new PlaceOrder(buyer.OrganizationId, offer, 2_000_000)), "An order");
            allocations.Add(placed.AllocationId);
        }

        var provider = await ProviderAsync(services);
        var now = DateTime.UtcNow;
        for (var start = 0; start < events; start += 20_000)
        {
            var chunk = Enumerable.Range(start, Math.Min(20_000, events - start))
                .Select(n => new UsageEvent(provider, $"b{n}", allocations[n % allocations.Count], 300 + (n % 700), 100 + (n % 300), now, now))
                .ToList();
            await using var scope = services.CreateAsyncScope();
            var unit = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            var writer = scope.ServiceProvider.GetRequiredService<IUsageEventWriter>();
            await unit.ExecuteAsync(async ct => { await writer.InsertNewAsync(chunk, ct); return await unit.SaveAsync(ct); });
        }

        Console.WriteLine(Invariant($"set up {allocationCount:N0} allocations and {events:N0} waiting events in {Seconds(Stopwatch.GetElapsedTime(setup))}"));
        GC.Collect();
        var baseline = Environment.WorkingSet;
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancelled())
            {
                peak = Math.Max(peak, Environment.WorkingSet);
                await Task.Delay(50);
            }
        });
        var started = Stopwatch.GetTimestamp();
        var run = AppRequests.Expect(await AppRequests.SendAsync(services, new SettleUsage()), "Settlement");
        var elapsed = Stopwatch.GetElapsedTime(started);
        await sampling.CancelAsync();
        await sampler;
        Console.WriteLine(Invariant($"{await database.DescribeAsync(services)}; {LoadAverage()}"));
        Console.WriteLine(Invariant($"settled {run.Events:N0} events in {run.Batches} batches in {Seconds(elapsed)} = {run.Events / elapsed.TotalSeconds:N0} events/s; charged {run.Charged / 100m:N2}, fees {run.Fees / 100m:N2}"));
        Console.WriteLine(Invariant($"working set: {baseline / 1_048_576.0:N0} MiB before, peak {peak / 1_048_576.0:N0} MiB while settling (+{(peak - baseline) / 1_048_576.0:N0} MiB)"));
        if (run.Events != events)
        {
            throw new BenchmarkFailure($"{run.Events} of {events} events settled.");
        }
    }

    private static bool IsCancelled(this CancellationTokenSource source) => source.IsCancellationRequested;

    /// <summary>LedgerService posting batches of 100 transfers, each batch one unit of work, against raw prepared inserts of the same rows in one SQLite transaction.</summary>
    private static async Task LedgerAsync(Engine engine, string[] args)
    {
        var transfers = Options.Int(args, "--transfers", 100_000);
        var batch = Options.Int(args, "--batch", 100);
        Console.WriteLine();
        Console.WriteLine(Invariant($"== ledger on {engine}: {transfers:N0} transfers in batches of {batch} =="));
        await using var database = await EngineDatabase.CreateAsync(engine, "bench_ledger");
        await using var market = new MarketApp(AppSettings(database));
        market.StartOnKestrel();
        var services = market.Services;
        long wallet;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var buyer = await db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync();
            wallet = await db.Accounts.Where(a => a.OwnerOrganizationId == buyer && a.Asset == Asset.Money && a.Code == AccountCode.Wallet).Select(a => a.Id).SingleAsync();
        }

        var started = Stopwatch.GetTimestamp();
        for (var posted = 0; posted < transfers; posted += batch)
        {
            await using var scope = services.CreateAsyncScope();
            var unit = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            var ledger = scope.ServiceProvider.GetRequiredService<LedgerService>();
            var requests = Enumerable.Range(0, batch).Select(_ => new TransferRequest(Guid.NewGuid(), PlatformAccounts.MoneyExternal, wallet, 1, TransferCode.TopUp, "bench:ledger")).ToList();
            var applied = await unit.ExecuteAsync(async ct =>
            {
                var outcome = await ledger.PostAsync(requests, ct);
                return outcome.Applied && await unit.SaveAsync(ct);
            });
            if (!applied)
            {
                throw new BenchmarkFailure("A ledger batch was refused.");
            }
        }

        var ours = Stopwatch.GetElapsedTime(started);
        Console.WriteLine(Invariant($"{await database.DescribeAsync(services)}; {LoadAverage()}"));
        Console.WriteLine(Invariant($"LedgerService: {transfers:N0} transfers in {Seconds(ours)} = {transfers / ours.TotalSeconds:N0} transfers/s"));
        if (engine == Engine.Sqlite)
        {
            var raw = RawSqliteInserts(market.DatabasePath, transfers);
            Console.WriteLine(Invariant($"raw SQLite: {transfers:N0} prepared inserts of the same columns in one transaction in {Seconds(raw)} = {transfers / raw.TotalSeconds:N0} rows/s; LedgerService reaches {transfers / ours.TotalSeconds / (transfers / raw.TotalSeconds):P0} of it"));
        }
    }

    private static TimeSpan RawSqliteInserts(string path, int rows)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS bench_raw (Sequence INTEGER PRIMARY KEY, Id TEXT NOT NULL UNIQUE, DebitAccountId INTEGER, CreditAccountId INTEGER, Amount INTEGER, Asset INTEGER, Code INTEGER, Flags INTEGER, Reference TEXT, TimestampUtc TEXT, PreviousHash TEXT, Hash TEXT)";
            create.ExecuteNonQuery();
        }

        var started = Stopwatch.GetTimestamp();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO bench_raw (Id, DebitAccountId, CreditAccountId, Amount, Asset, Code, Flags, Reference, TimestampUtc, PreviousHash, Hash) VALUES ($id, 1, 2, 1, 0, 1, 0, 'bench:raw', $t, $p, $h)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var time = insert.Parameters.Add("$t", SqliteType.Text);
        var previous = insert.Parameters.Add("$p", SqliteType.Text);
        var hash = insert.Parameters.Add("$h", SqliteType.Text);
        insert.Prepare();
        var last = Transfer.GenesisHash;
        for (var i = 0; i < rows; i++)
        {
            var next = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(last + i)));
            id.Value = Guid.NewGuid().ToString().ToUpperInvariant();
            time.Value = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
            previous.Value = last;
            hash.Value = next;
            insert.ExecuteNonQuery();
            last = next;
        }

        transaction.Commit();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>A steady <c>--rate</c> events/s (5,000) for <c>--seconds</c> (300) with settlement every <c>--interval</c> seconds (60): the largest backlog, in events and in age.</summary>
    private static async Task BacklogAsync(Engine engine, string[] args)
    {
        var rate = Options.Int(args, "--rate", 5_000);
        var seconds = Options.Int(args, "--seconds", 300);
        var interval = Options.Int(args, "--interval", 60);
        Console.WriteLine();
        Console.WriteLine(Invariant($"== backlog on {engine}: {rate:N0} events/s for {seconds} s, settlement every {interval} s =="));
        await using var database = await EngineDatabase.CreateAsync(engine, "bench_backlog");
        await using var market = new MarketApp(AppSettings(database));
        var address = market.StartOnKestrel();
        var allocations = await DemoAllocationsAsync(market.Services);
        using var client = Agent(address, 8);
        var started = Stopwatch.GetTimestamp();
        var until = started + (long)(seconds * Stopwatch.Frequency);
        long maxWaiting = 0;
        double maxAge = 0, maxRun = 0;
        var settler = Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                await Task.Delay(TimeSpan.FromSeconds(interval));
                var (waiting, age) = await BacklogAsync(market.Services);
                maxWaiting = Math.Max(maxWaiting, waiting);
                maxAge = Math.Max(maxAge, age);
                var t = Stopwatch.GetTimestamp();
                AppRequests.Expect(await AppRequests.SendAsync(market.Services, new SettleUsage()), "Settlement");
                maxRun = Math.Max(maxRun, Stopwatch.GetElapsedTime(t).TotalSeconds);
            }
        });
        const int batch = 100;
        long n = 0;
        var at = DateTime.UtcNow;
        while (Stopwatch.GetTimestamp() < until)
        {
            var second = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, rate / batch).Select(i => Task.Run(async () =>
            {
                using var response = await client.PostAsync("/api/v1/usage", new StringContent(Body(allocations, "q", Interlocked.Add(ref n, batch) - batch, batch, at), Encoding.UTF8, "application/json"));
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new BenchmarkFailure($"A report failed: {(int)response.StatusCode}.");
                }
            })));
            var rest = TimeSpan.FromSeconds(1) - Stopwatch.GetElapsedTime(second);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        await settler;
        Console.WriteLine(Invariant($"{await database.DescribeAsync(market.Services)}; {LoadAverage()}"));
        Console.WriteLine(Invariant($"sent {n:N0} events; largest backlog before a run: {maxWaiting:N0} events, oldest {maxAge:0} s (two intervals: {2 * interval} s); longest settlement run {maxRun:0.0} s"));
    }

    private static async Task<(long Waiting, double AgeSeconds)> BacklogAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var waiting = await db.UsageEvents.LongCountAsync(e => e.SettlementBatchId == null);
        var oldest = await db.UsageEvents.Where(e => e.SettlementBatchId == null).OrderBy(e => e.Sequence).Select(e => (DateTime?)e.ReceivedAtUtc).FirstOrDefaultAsync();
        return (waiting, oldest is { } time ? (DateTime.UtcNow - time).TotalSeconds : 0);
    }

    private static async Task<long> CountEventsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().UsageEvents.LongCountAsync();
    }

    private static async Task<Guid> ProviderAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
    }
}
