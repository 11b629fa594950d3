namespace ComputeMarket.Benchmarks;

/// <summary>Median, 95th percentile (nearest rank) and maximum of one scenario's timings.</summary>
internal sealed record Summary(int Iterations, double Median, double P95, double Max)
{
    public static Summary Of(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        var p95 = sorted[Math.Max(0, (int)Math.Ceiling(0.95 * n) - 1)];
        return new Summary(n, median, p95, sorted[^1]);
    }
}
