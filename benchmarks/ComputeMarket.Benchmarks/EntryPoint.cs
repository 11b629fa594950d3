namespace ComputeMarket.Benchmarks;

/// <summary>
/// Chooses the benchmark by its first argument: <c>catalog</c> (the default, also when the first argument is an
/// option), <c>orders</c> or <c>audit</c>. A benchmark reports figures and exits with 1 only when a response or the
/// ledger is wrong, never because something was slow.
/// </summary>
internal static class EntryPoint
{
    public static async Task<int> Main(string[] args)
    {
        var (name, rest) = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? (args[0], args[1..]) : ("catalog", args);
        try
        {
            return name switch
            {
                "catalog" => await CatalogBenchmark.RunAsync(rest),
                "orders" => await OrdersBenchmark.RunAsync(rest),
                "audit" => await AuditBenchmark.RunAsync(rest),
                "metering" => await MeteringBenchmark.RunAsync(rest),
                _ => Usage($"There is no benchmark called '{name}'."),
            };
        }
        catch (BenchmarkFailure failure)
        {
            await Console.Error.WriteLineAsync("FAILED: " + failure.Message);
            return 1;
        }
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine("Usage: [catalog] [--iterations N] [--offers N] [--sql] [--no-optimize]");
        Console.Error.WriteLine("       orders [--engine sqlite|postgres|both] [--sessions 1,16,64] [--seconds N]");
        Console.Error.WriteLine("       audit [--engine sqlite|postgres] [--transfers 10000,100000,1000000] [--requests N] [--organizations N] [--batch N] [--sql]");
        Console.Error.WriteLine("       metering [ingest|single|settle|ledger|backlog|all] [--engine sqlite|postgres|both] [--seconds N] [--clients N] [--events N] [--allocations N] [--rate N]");
        return 2;
    }
}

/// <summary>A response or a ledger that is not what it should be: the benchmark stops and exits with 1.</summary>
internal sealed class BenchmarkFailure(string message) : Exception(message);
