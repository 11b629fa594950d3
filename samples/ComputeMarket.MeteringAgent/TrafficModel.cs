namespace ComputeMarket.MeteringAgent;

/// <summary>How many input tokens a model's requests carry for each output token, on average.</summary>
internal sealed record ModelProfile(string Kind, double InputPerOutput)
{
    /// <summary>Matched in order against the model's name (case-insensitive); the last one is the default.</summary>
    public static readonly IReadOnlyList<(string NamePart, ModelProfile Profile)> Table =
    [
        ("R1", new("reasoning", 1.0 / 3)),      // long chains of thought: 1 input token for 3 output
        ("QwQ", new("reasoning", 1.0 / 3)),
        ("Reason", new("reasoning", 1.0 / 3)),
        ("Coder", new("code", 6)),               // whole files in, a patch out: 6:1
        ("", new("chat", 3)),                    // chat (DeepSeek, Qwen, GLM, Kimi ...): 3:1
    ];

    public static ModelProfile For(string model) =>
        Table.First(row => model.Contains(row.NamePart, StringComparison.OrdinalIgnoreCase)).Profile;
}

/// <summary>
/// Bursty traffic: arrivals are a Poisson process whose rate switches between a calm level and short bursts,
/// averaging the requested rate; each request's size is log-normal and split by its model's input/output ratio.
/// </summary>
internal sealed class TrafficModel(double rate, Random random)
{
    // 85% of the time calm at 0.7x the rate, 15% in bursts at 2.5x: 0.85 * 0.7 + 0.15 * 2.5 ≈ 1.
    private const double CalmFactor = 0.7;
    private const double BurstFactor = 2.5;
    private static readonly TimeSpan MeanCalm = TimeSpan.FromSeconds(8.5);
    private static readonly TimeSpan MeanBurst = TimeSpan.FromSeconds(1.5);

    private bool _bursting;
    private TimeSpan _untilSwitch = TimeSpan.FromSeconds(Exponential(random, MeanCalm.TotalSeconds));

    public bool Bursting => _bursting;

    /// <summary>The time until the next request arrives.</summary>
    public TimeSpan NextGap()
    {
        var gap = TimeSpan.FromSeconds(Exponential(random, 1 / (rate * (_bursting ? BurstFactor : CalmFactor))));
        _untilSwitch -= gap;
        if (_untilSwitch <= TimeSpan.Zero)
        {
            _bursting = !_bursting;
            _untilSwitch = TimeSpan.FromSeconds(Exponential(random, (_bursting ? MeanBurst : MeanCalm).TotalSeconds));
        }

        return gap;
    }

    /// <summary>One request's tokens: about 1,500 in total (a long tail up to 128k), never more than <paramref name="limit"/>.</summary>
    public (long Input, long Output) NextRequest(string model, long limit)
    {
        var total = (long)Math.Clamp(Math.Exp(Math.Log(1_500) + (0.9 * Gaussian(random))), 20, 128_000);
        total = Math.Max(2, Math.Min(total, limit));
        var ratio = ModelProfile.For(model).InputPerOutput;
        var inputShare = ratio / (ratio + 1);

        // Each request scatters around its model's ratio.
        var share = Math.Clamp(inputShare + (0.08 * Gaussian(random)), 0.02, 0.98);
        var input = Math.Clamp((long)Math.Round(total * share), 1, total - 1);
        return (input, total - input);
    }

    /// <summary>Picks one of <paramref name="count"/> allocations, the earlier ones busier (weights 1, 1/2, 1/3 ...).</summary>
    public int PickAllocation(int count)
    {
        var weights = Enumerable.Range(1, count).Select(i => 1.0 / i).ToArray();
        var point = random.NextDouble() * weights.Sum();
        for (var i = 0; i < count; i++)
        {
            point -= weights[i];
            if (point < 0)
            {
                return i;
            }
        }

        return count - 1;
    }

    public bool Chance(double probability) => random.NextDouble() < probability;

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
