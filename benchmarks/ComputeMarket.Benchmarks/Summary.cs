namespace ComputeMarket.Benchmarks;

/// <summary>Median, 95th and 99th percentiles (nearest rank) and maximum of one scenario's timings.</summary>
internal sealed record Summary(int Iterations, double Median, double P95, double P99, double Max)
{
    public static Summary Of(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return new Summary(n, median, NearestRank(sorted, 0.95), NearestRank(sorted, 0.99), sorted[^1]);
    }

    private static double NearestRank(double[] sorted, double fraction) => sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
}
