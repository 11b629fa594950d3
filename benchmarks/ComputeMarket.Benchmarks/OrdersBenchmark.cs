using System.Diagnostics;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Market;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ComputeMarket.Benchmarks.Report;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// Orders under concurrency: signed-in buyers, each in its own browser session with its own organization and wallet,
/// place orders over HTTP through the offer page's Confirm handler, one after the other, 1, 16 and 64 sessions at a
/// time, on SQLite and on PostgreSQL. Reports orders per second and the latency distribution; fails when an order is
/// refused or fails (the stage is set so that every order can be placed) or when the ledger does not verify in full
/// afterwards. Usage: orders [--engine sqlite|postgres|both] [--sessions 1,16,64] [--seconds N].
/// </summary>
internal static class OrdersBenchmark
{
    private const int OfferCount = 8;
    private const int InProcessOrders = 200;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var engines = Options.Engines(args, "both");
        var levels = Options.Ints(args, "--sessions", [1, 16, 64]);
        var duration = TimeSpan.FromSeconds(Options.Int(args, "--seconds", 15));

        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        PrintMachine();
        var rows = new List<string>();
        var intact = true;
        foreach (var engine in engines)
        {
            intact &= await RunEngineAsync(engine, levels, duration, rows);
        }

        Console.WriteLine();
        Console.WriteLine("| Engine | Sessions | Orders placed | Orders/s | p50 ms | p99 ms | Max ms | p99 ÷ p50 | Refused | Failed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return intact ? 0 : 1;
    }

    private static async Task<bool> RunEngineAsync(Engine engine, IReadOnlyList<int> levels, TimeSpan duration, List<string> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"== {engine} ==");
        await using var database = await EngineDatabase.CreateAsync(engine, "bench_orders");
        using var sql = new SqlCapture();
        await using var market = new MarketApp(database.Settings);
        var started = Stopwatch.GetTimestamp();
        var address = market.StartOnKestrel();
        Console.WriteLine(Invariant($"App started on {address} in {Seconds(Stopwatch.GetElapsedTime(started))} on {await database.DescribeAsync(market.Services)}, demo data seeded."));

        started = Stopwatch.GetTimestamp();
        var sessionCount = levels.Max();
        var buyers = await MarketSetup.RegisterOrganizationsAsync(market.Services, "buyer", sessionCount, topUp: "1000000");
        var offers = await MarketSetup.ListOffersAsync(market.Services, OfferCount);
        var sessions = buyers.Select((buyer, i) => new OrderSession(address, buyer, offers[i % offers.Count])).ToList();
        try
        {
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (session, _) => await session.PrepareAsync());
            Console.WriteLine(Invariant($"{sessionCount} buyer organizations registered, each topped up with ¥1,000,000.00 (confirmed by the administrator); {offers.Count} offers listed; {sessionCount} buyers signed in and quoted, in {Seconds(Stopwatch.GetElapsedTime(started))}."));

            var placed = 0L;
            var warmUp = await RunLevelAsync(sessions.Take(Math.Min(4, sessionCount)).ToList(), WarmUp);
            placed += warmUp.Placed;
            Console.WriteLine(Invariant($"Warm-up: {warmUp.Placed} orders from {Math.Min(4, sessionCount)} sessions in {Seconds(WarmUp)} (not reported)."));
            var clean = warmUp.Problems.Count == 0;

            // One order alone, its SQL counted: where its time goes.
            sql.Begin();
            var single = await sessions[0].PlaceOrderAsync();
            var commands = sql.End();
            placed += single.Outcome == OrderOutcome.Placed ? 1 : 0;
            clean &= single.Outcome == OrderOutcome.Placed;
            Console.WriteLine(Invariant($"One order alone: {single.Outcome} in {single.Milliseconds:0.0} ms, {commands.Count} SQL commands."));

            foreach (var level in levels)
            {
                Console.WriteLine(Invariant($"{level} session(s) for {Seconds(duration)}; {LoadAverage()}."));
                var result = await RunLevelAsync(sessions.Take(level).ToList(), duration);
                placed += result.Placed;
                var row = result.Row(engine, level);
                Console.WriteLine(row);
                rows.Add(row);
                clean &= result.Problems.Count == 0;
                foreach (var problem in result.Problems.Take(5))
                {
                    await Console.Error.WriteLineAsync($"  {problem}");
                }
            }

            // The use case alone, without HTTP, the page, antiforgery or cookies: what the page adds.
            var alone = await PlaceOrdersInProcessAsync(market.Services, buyers[0], offers[0], InProcessOrders);
            placed += InProcessOrders;
            Console.WriteLine(Invariant($"PlaceOrder in-process (IMediator from a fresh scope, one at a time): {InProcessOrders} orders, median {alone.Median:0.0} ms, p99 {alone.P99:0.0} ms."));

            var verified = await VerifyAsync(market.Services, buyers, placed);
            return clean && verified;
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Every session places orders one after the other, all starting together, until the time is up.</summary>
    private static async Task<LevelResult> RunLevelAsync(List<OrderSession> sessions, TimeSpan duration)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = 0L;
        var running = sessions.Select(session => Task.Run(async () =>
        {
            await start.Task;
            return await session.OrderUntilAsync(deadline);
        })).ToList();
        var started = Stopwatch.GetTimestamp();
        deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        start.SetResult();
        var orders = (await Task.WhenAll(running)).SelectMany(o => o).ToList();
        return new LevelResult(orders, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<Summary> PlaceOrdersInProcessAsync(IServiceProvider services, Member buyer, Guid offerId, int count)
    {
        var principal = await AppRequests.PrincipalAsync(services, buyer.Email);
        var timings = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var placed = await AppRequests.SendAsAsync(services, principal, new PlaceOrder(buyer.OrganizationId, offerId, 1_000_000, 200, 800));
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            AppRequests.Expect(placed, "An order placed in-process");
        }

        return Summary.Of(timings);
    }

    /// <summary>
    /// The ledger after the run, verified from the first transfer (what an auditor's "verify everything" runs), and
    /// the allocations the orders opened, counted.
    /// </summary>
    private static async Task<bool> VerifyAsync(IServiceProvider services, IReadOnlyList<Member> buyers, long placed)
    {
        var started = Stopwatch.GetTimestamp();
        LedgerVerification verification;
        long allocations;
        await using (var scope = services.CreateAsyncScope())
        {
            verification = await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().VerifyAsync(VerificationMode.Full);
            var organizations = buyers.Select(b => b.OrganizationId).ToList();
            allocations = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Allocations.LongCountAsync(a => organizations.Contains(a.BuyerOrganizationId));
        }

        Console.WriteLine(Invariant($"Full verification: {(verification.Intact ? "intact" : "NOT INTACT")}, {verification.Chain.TransfersChecked:N0} of {verification.ToSequence:N0} transfers checked in {Seconds(Stopwatch.GetElapsedTime(started))}; {allocations:N0} allocations opened for {placed:N0} orders placed."));
        foreach (var violation in verification.Violations.Take(10))
        {
            await Console.Error.WriteLineAsync($"  {violation.Invariant}: {violation.Detail}");
        }

        if (verification.Violations.Count > 10)
        {
            await Console.Error.WriteLineAsync(Invariant($"  … and {verification.Violations.Count - 10} more."));
        }

        if (allocations != placed)
        {
            await Console.Error.WriteLineAsync(Invariant($"  {placed:N0} orders were answered as placed but {allocations:N0} allocations exist."));
        }

        return verification.Intact && allocations == placed;
    }

    private sealed class LevelResult(List<TimedOrder> orders, TimeSpan elapsed)
    {
        public long Placed { get; } = orders.Count(o => o.Outcome == OrderOutcome.Placed);

        public List<string> Problems { get; } = orders.Where(o => o.Outcome != OrderOutcome.Placed).Select(o => $"{o.Outcome}: {o.Problem}").ToList();

        public string Row(Engine engine, int sessions)
        {
            var refused = orders.Count(o => o.Outcome == OrderOutcome.Refused);
            var failed = orders.Count(o => o.Outcome == OrderOutcome.Failed);
            var placed = orders.Where(o => o.Outcome == OrderOutcome.Placed).Select(o => o.Milliseconds).ToList();
            if (placed.Count == 0)
            {
                return Invariant($"| {engine} | {sessions} | 0 | 0 | – | – | – | – | {refused} | {failed} |");
            }

            var summary = Summary.Of(placed);
            return Invariant(
                $"| {engine} | {sessions} | {Placed:N0} | {Placed / elapsed.TotalSeconds:0.0} | {summary.Median:0.0} | {summary.P99:0.0} | {summary.Max:0.0} | {summary.P99 / summary.Median:0.0} | {refused} | {failed} |");
        }
    }
}
