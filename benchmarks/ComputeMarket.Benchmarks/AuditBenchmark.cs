using System.Diagnostics;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ComputeMarket.Benchmarks.Report;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// The ledger audit page at scale. The ledger grows to each size in turn (10,000, 100,000, 1,000,000 transfers by
/// default); at each, a checkpoint is sealed (as the hourly job does) and a few transfers follow, so the page's
/// incremental verification has a checkpoint to start from and something to verify after it. Then the auditor's
/// page (GET /audit/ledger over HTTP, signed in), the incremental verification alone and the full verification from
/// the first transfer are timed. Fails when the page is not 200, or the ledger does not verify.
/// Usage: audit [--engine sqlite|postgres] [--transfers 10000,100000,1000000] [--requests N] [--organizations N] [--batch N] [--sql].
/// </summary>
internal static class AuditBenchmark
{
    private const int AfterCheckpoint = 100;
    private const int WarmUpRequests = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var engine = Options.Engines(args, "sqlite") is [var single] ? single : throw new BenchmarkFailure("The audit benchmark runs on one engine at a time.");
        var sizes = Options.Ints(args, "--transfers", [10_000, 100_000, 1_000_000]).Order().ToList();
        var requests = Options.Int(args, "--requests", 30);
        var organizationCount = Options.Int(args, "--organizations", 100);
        var batchSize = Options.Int(args, "--batch", 5_000);
        var showSql = args.Contains("--sql");

        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        PrintMachine();
        await using var database = await EngineDatabase.CreateAsync(engine, "bench_audit");
        using var sql = new SqlCapture();
        await using var market = new MarketApp(database.Settings);
        var started = Stopwatch.GetTimestamp();
        var address = market.StartOnKestrel();
        Console.WriteLine(Invariant($"App started on {address} in {Seconds(Stopwatch.GetElapsedTime(started))} on {await database.DescribeAsync(market.Services)}, demo data seeded."));

        started = Stopwatch.GetTimestamp();
        var organizations = await MarketSetup.RegisterOrganizationsAsync(market.Services, "org", organizationCount, topUp: null);
        var fill = await LedgerFill.FundAsync(market.Services, organizations);
        using var auditor = new BrowserSession(address);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email, MarketApp.DemoPassword);
        Console.WriteLine(Invariant($"{organizationCount} organizations registered and their wallets funded; the auditor signed in; in {Seconds(Stopwatch.GetElapsedTime(started))}."));
        Console.WriteLine(Invariant($"Each size: fill, seal a checkpoint, {AfterCheckpoint} more transfers, then {requests} page requests (after {WarmUpRequests} untimed), {requests} incremental verifications, and full verifications (3 up to 100,000 transfers, else 1)."));

        var rows = new List<string>();
        foreach (var size in sizes)
        {
            if (size <= await LedgerFill.HeadAsync(market.Services) + AfterCheckpoint)
            {
                throw new BenchmarkFailure(Invariant($"The ledger already holds more than {size - AfterCheckpoint:N0} transfers (demo data, funding): choose larger sizes."));
            }

            rows.Add(await MeasureAsync(market, database, auditor, fill, size, requests, batchSize));
            Console.WriteLine(rows[^1]);

            sql.Begin();
            await auditor.GetPageAsync("/audit/ledger");
            var commands = sql.End();
            Console.WriteLine(Invariant($"One more page request: {commands.Count} SQL commands."));
            if (showSql)
            {
                foreach (var command in commands)
                {
                    Console.WriteLine(Invariant($"  -- {command.Duration.TotalMilliseconds:0.00} ms"));
                    Console.WriteLine("  " + command.Sql.ReplaceLineEndings(Environment.NewLine + "  "));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| Transfers | Accounts | Fill s (transfers/s) | Seal s | Page median ms | Page p95 ms | Page max ms | Response bytes | Incremental verification median ms | Full verification s | Database MB |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static async Task<string> MeasureAsync(MarketApp market, EngineDatabase database, BrowserSession auditor, LedgerFill fill, int size, int requests, int batchSize)
    {
        var services = market.Services;
        var from = await LedgerFill.HeadAsync(services);
        var started = Stopwatch.GetTimestamp();
        var lastReport = started;
        await fill.FillToAsync(services, size - AfterCheckpoint, batchSize, head =>
        {
            if (Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(15))
            {
                lastReport = Stopwatch.GetTimestamp();
                Console.WriteLine(Invariant($"  … {head:N0} transfers"));
            }
        });
        var filling = Stopwatch.GetElapsedTime(started);
        var filled = size - AfterCheckpoint - from;

        started = Stopwatch.GetTimestamp();
        var checkpoint = AppRequests.Expect(await AppRequests.SendAsync(services, new SealLedgerCheckpoint()), "Sealing a checkpoint")
            ?? throw new BenchmarkFailure("Sealing found nothing new to seal.");
        var sealing = Stopwatch.GetElapsedTime(started);
        await fill.FillToAsync(services, size, batchSize);
        Console.WriteLine(Invariant($"{size:N0} transfers: filled {filled:N0} in {Seconds(filling)} ({filled / filling.TotalSeconds:N0}/s), sealed checkpoint #{checkpoint:N0} in {Seconds(sealing)}, then {AfterCheckpoint} more; {LoadAverage()}."));

        var page = await TimePageAsync(auditor, checkpoint, size, requests);
        var incremental = await TimeVerificationAsync(services, VerificationMode.Incremental, checkpoint, size, requests);
        var full = await TimeVerificationAsync(services, VerificationMode.Full, 0, size, size <= 100_000 ? 3 : 1);
        int accounts;
        await using (var scope = services.CreateAsyncScope())
        {
            accounts = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Accounts.CountAsync();
        }

        var megabytes = await database.SizeAsync(market) / 1_048_576.0;
        return Invariant(
            $"| {size:N0} | {accounts:N0} | {filling.TotalSeconds:0.0} ({filled / filling.TotalSeconds:N0}) | {sealing.TotalSeconds:0.00} | {page.Timings.Median:0.0} | {page.Timings.P95:0.0} | {page.Timings.Max:0.0} | {page.Bytes:N0} | {incremental.Median:0.0} | {full.Median / 1000:0.00} | {megabytes:N0} |");
    }

    /// <summary>The auditor's page, which verifies incrementally from the checkpoint on every request.</summary>
    private static async Task<(Summary Timings, int Bytes)> TimePageAsync(BrowserSession auditor, long checkpoint, long head, int requests)
    {
        var timings = new List<double>();
        var bytes = 0;
        for (var i = 0; i < WarmUpRequests + requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var body = await auditor.GetPageAsync("/audit/ledger");
            var elapsed = Stopwatch.GetElapsedTime(started);
            var expected = Invariant($"Transfers #{checkpoint + 1} to #{head} verified since signed checkpoint #{checkpoint} ");
            if (!body.Contains("data-testid=\"chain-status\">Intact<", StringComparison.Ordinal)
                || !body.Contains("All invariants hold.", StringComparison.Ordinal)
                || !body.Contains(expected, StringComparison.Ordinal))
            {
                throw new BenchmarkFailure($"The audit page does not say the chain is intact from checkpoint #{checkpoint} to #{head}: {BrowserSession.Problem(body)}");
            }

            bytes = System.Text.Encoding.UTF8.GetByteCount(body);
            if (i >= WarmUpRequests)
            {
                timings.Add(elapsed.TotalMilliseconds);
            }
        }

        return (Summary.Of(timings), bytes);
    }

    /// <summary>The verifier alone, from a fresh DI scope, as the page and the full-verification job call it.</summary>
    private static async Task<Summary> TimeVerificationAsync(IServiceProvider services, VerificationMode mode, long from, long head, int runs)
    {
        var timings = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var verifier = scope.ServiceProvider.GetRequiredService<LedgerVerifier>();
            var started = Stopwatch.GetTimestamp();
            var verification = await verifier.VerifyAsync(mode);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!verification.Intact || verification.FromSequence != from || verification.ToSequence != head || verification.Chain.TransfersChecked != head)
            {
                var problems = string.Join(" ", verification.Violations.Take(5).Select(v => $"{v.Invariant}: {v.Detail}"));
                throw new BenchmarkFailure(Invariant($"The {mode} verification checked #{verification.FromSequence + 1} to #{verification.ToSequence} ({verification.Chain.TransfersChecked:N0} verified), expected #{from + 1} to #{head}, intact: {verification.Intact}. {problems}"));
            }
        }

        return Summary.Of(timings);
    }
}
