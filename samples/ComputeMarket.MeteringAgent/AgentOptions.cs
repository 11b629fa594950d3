using System.Globalization;

namespace ComputeMarket.MeteringAgent;

/// <summary>What the agent was asked to do, read from <c>--name value</c> pairs (and the key from the environment).</summary>
internal sealed record AgentOptions
{
    public const string KeyVariable = "COMPUTEMARKET_METERING_KEY";

    public Uri Url { get; init; } = new("http://localhost:5080");

    public string Key { get; init; } = "";

    /// <summary>Events per second on average (bursts go above it, lulls below).</summary>
    public double Rate { get; init; } = 20;

    /// <summary>Events per request (the API takes up to 1,000).</summary>
    public int Batch { get; init; } = 50;

    /// <summary>How long to run; zero runs until Ctrl+C.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.Zero;

    /// <summary>The fraction of requests sent a second time with the same event ids, as an agent that lost a response would.</summary>
    public double DuplicateRate { get; init; } = 0.05;

    public int? Seed { get; init; }

    /// <summary>Send one batch and exit: zero when it was accepted, non-zero otherwise.</summary>
    public bool Once { get; init; }

    public const string Usage = """
        Posts realistic usage for the allocations a provider serves to a ComputeMarket site.

        Usage: ComputeMarket.MeteringAgent [options]
          --url <url>              the site (default http://localhost:5080)
          --key <key>              a metering key (default: the COMPUTEMARKET_METERING_KEY environment variable)
          --rate <n>               events per second on average (default 20)
          --batch <n>              events per request, 1-1000 (default 50)
          --duration <seconds>     how long to run, 0 = until Ctrl+C (default 0)
          --duplicate-rate <f>     fraction of requests resent with the same event ids, 0-1 (default 0.05)
          --seed <n>               makes the traffic repeatable
          --once                   send one batch and exit (non-zero exit code on failure)
          --help                   show this text
        """;

    /// <summary>Reads the arguments; null with an error message when one is missing or out of range.</summary>
    public static (AgentOptions? Options, string? Error) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new AgentOptions { Key = environment(KeyVariable) ?? "" };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--once")
            {
                options = options with { Once = true };
                continue;
            }

            if (name is "--help" or "-h")
            {
                return (null, null);
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https":
                    options = options with { Url = url };
                    break;
                case "--key" when value.Length > 0:
                    options = options with { Key = value };
                    break;
                case "--rate" when Number(value) is > 0 and <= 100_000 and var rate:
                    options = options with { Rate = rate };
                    break;
                case "--batch" when Integer(value) is >= 1 and <= 1_000 and var batch:
                    options = options with { Batch = batch };
                    break;
                case "--duration" when Integer(value) is >= 0 and var seconds:
                    options = options with { Duration = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--duplicate-rate" when Number(value) is >= 0 and <= 1 and var fraction:
                    options = options with { DuplicateRate = fraction };
                    break;
                case "--seed" when Integer(value) is { } seed:
                    options = options with { Seed = seed };
                    break;
                case "--url" or "--key" or "--rate" or "--batch" or "--duration" or "--duplicate-rate" or "--seed":
                    return (null, $"{name}: '{value}' is not a valid value.");
                default:
                    return (null, $"Unknown option {name}.");
            }
        }

        if (options.Key.Length == 0)
        {
            return (null, $"A metering key is needed: --key or the {KeyVariable} environment variable.");
        }

        return (options, null);
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static int? Integer(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
