using System.Globalization;

namespace ComputeMarket.Benchmarks;

/// <summary>Command-line options of the form <c>--name value</c>.</summary>
internal static class Options
{
    public static int Int(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    /// <summary>A comma-separated list of positive whole numbers ("10000,100000" or "10_000"), or the fallback.</summary>
    public static IReadOnlyList<int> Ints(string[] args, string name, IReadOnlyList<int> fallback)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0 || index + 1 >= args.Length)
        {
            return fallback;
        }

        var values = new List<int>();
        foreach (var part in args[index + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new BenchmarkFailure($"{name} takes positive whole numbers separated by commas; '{part}' is not one.");
            }

            values.Add(value);
        }

        return values.Count > 0 ? values : fallback;
    }

    /// <summary>The engines <c>--engine sqlite|postgres|both</c> names.</summary>
    public static IReadOnlyList<Engine> Engines(string[] args, string fallback)
    {
        var index = Array.IndexOf(args, "--engine");
        var value = index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        return value.ToLowerInvariant() switch
        {
            "sqlite" => [Engine.Sqlite],
            "postgres" or "postgresql" => [Engine.Postgres],
            "both" => [Engine.Sqlite, Engine.Postgres],
            _ => throw new BenchmarkFailure($"--engine takes sqlite, postgres or both, not '{value}'."),
        };
    }
}
