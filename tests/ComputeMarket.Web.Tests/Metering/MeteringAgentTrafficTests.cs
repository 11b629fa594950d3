using ComputeMarket.MeteringAgent;

namespace ComputeMarket.Web.Tests.Metering;

/// <summary>The demo metering agent's traffic and command line, without a site.</summary>
public sealed class MeteringAgentTrafficTests
{
    [Theory]
    [InlineData("DeepSeek-V3.2", 3.0)]
    [InlineData("Qwen3-235B-A22B", 3.0)]
    [InlineData("Qwen3-Coder-480B", 6.0)]
    [InlineData("DeepSeek-R1", 1.0 / 3)]
    [InlineData("Some-New-Model", 3.0)]
    public void Requests_split_their_tokens_by_the_models_input_output_ratio(string model, double inputPerOutput)
    {
        var traffic = new TrafficModel(20, new Random(1));
        var requests = Enumerable.Range(0, 5_000).Select(_ => traffic.NextRequest(model, long.MaxValue)).ToList();

        var ratio = (double)requests.Sum(r => r.Input) / requests.Sum(r => r.Output);
        Assert.InRange(ratio, inputPerOutput * 0.85, inputPerOutput * 1.15);
        Assert.All(requests, r => Assert.True(r.Input > 0 && r.Output > 0));
    }

    [Fact]
    public void A_request_never_takes_more_tokens_than_are_left()
    {
        var traffic = new TrafficModel(20, new Random(2));

        Assert.All(Enumerable.Range(0, 1_000), _ => Assert.True(traffic.NextRequest("DeepSeek-V3.2", 700) is var (input, output) && input + output <= 700));
    }

    [Fact]
    public void Traffic_averages_the_rate_in_bursts_far_burstier_than_a_steady_stream()
    {
        var traffic = new TrafficModel(20, new Random(3));
        var perSecond = new int[3_600];
        var at = 0.0;
        while ((at += traffic.NextGap().TotalSeconds) < perSecond.Length)
        {
            perSecond[(int)at]++;
        }

        var mean = perSecond.Average();
        var variance = perSecond.Average(n => (n - mean) * (n - mean));
        Assert.InRange(mean, 18, 22);

        // A steady Poisson stream has variance equal to its mean; calm spells and bursts spread the counts out.
        Assert.True(variance / mean > 3, $"variance {variance:0.0} for a mean of {mean:0.0}");
    }

    [Fact]
    public void The_command_line_has_defaults_and_takes_the_key_from_the_environment()
    {
        var (options, error) = AgentOptions.Parse([], name => name == AgentOptions.KeyVariable ? "cmm_from_env" : null);
        Assert.Null(error);
        Assert.Equal((new Uri("http://localhost:5080"), "cmm_from_env", 20.0, 50, TimeSpan.Zero, 0.05, false),
            (options!.Url, options.Key, options.Rate, options.Batch, options.Duration, options.DuplicateRate, options.Once));

        (options, _) = AgentOptions.Parse(["--url", "http://127.0.0.1:5091", "--key", "k", "--rate", "2.5", "--batch", "1000", "--duration", "30", "--duplicate-rate", "1", "--seed", "9", "--once"], _ => null);
        Assert.Equal((new Uri("http://127.0.0.1:5091"), "k", 2.5, 1000, TimeSpan.FromSeconds(30), 1.0, 9, true),
            (options!.Url, options.Key, options.Rate, options.Batch, options.Duration, options.DuplicateRate, options.Seed, options.Once));
        Assert.Contains(AgentOptions.KeyVariable, AgentOptions.Parse([], _ => null).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--batch", "1001")]
    [InlineData("--rate", "0")]
    [InlineData("--duplicate-rate", "1.5")]
    [InlineData("--url", "localhost")]
    [InlineData("--speed", "3")]
    public void A_bad_option_is_refused_with_a_message(string name, string value)
    {
        var (options, error) = AgentOptions.Parse([name, value, "--key", "k"], _ => null);

        Assert.Null(options);
        Assert.Contains(name, error, StringComparison.Ordinal);
    }
}
