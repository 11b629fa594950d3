using System.Globalization;
using System.Runtime.InteropServices;

namespace ComputeMarket.MeteringAgent;

/// <summary>
/// A demo metering agent: lists the allocations a provider serves and reports realistic usage for them, so that a
/// local ComputeMarket site has traffic to meter, settle and chart. See the README ("Metering: see the charts move").
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stopping = new CancellationTokenSource();

        // The first Ctrl+C (or SIGTERM) stops gracefully, the pending batch still sent; a second one ends the process.
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = !stopping.IsCancellationRequested;
            stopping.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        return await RunAsync(args, Console.Out, Console.Error, stopping.Token);
    }

    /// <summary>Runs the agent as the command line asks; 0 on success, 1 when the site refused, 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stopping)
    {
        var (options, problem) = AgentOptions.Parse(args, Environment.GetEnvironmentVariable);
        if (options is null)
        {
            (problem is null ? output : error).WriteLine(problem is null ? AgentOptions.Usage : $"{problem}\n\n{AgentOptions.Usage}");
            return problem is null ? 0 : 2;
        }

        // The API paths are relative to the site's address, which must then end with a slash.
        var site = options.Url.AbsoluteUri.EndsWith('/') ? options.Url : new Uri(options.Url.AbsoluteUri + "/");
        using var http = new HttpClient();
        http.BaseAddress = site;
        http.Timeout = TimeSpan.FromSeconds(30);

        // Problem details come back in the language of the machine the agent runs on (the site speaks zh-CN and en).
        if (CultureInfo.CurrentUICulture.Name.Length > 0)
        {
            http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(CultureInfo.CurrentUICulture.Name);
        }
        var client = new MeteringClient(http, options.Key)
        {
            MaxAttempts = options.Once ? 4 : null,
            OnRetry = (attempt, reason, wait) => output.WriteLine($"attempt {attempt} failed ({reason}); sending the same events again in {wait.TotalSeconds:0.#} s"),
        };
        var agent = new Agent(options, client, output);
        try
        {
            if (options.Once)
            {
                var delivered = await agent.RunOnceAsync(stopping);
                var totals = agent.Totals;
                output.WriteLine($"sent {totals.Sent} (+{totals.Resent} resent)  accepted {totals.Accepted}  duplicates {totals.Duplicates}  rejected {totals.Rejected}  retries {totals.Retries}  allocations {totals.Allocations}");
                return delivered ? 0 : 1;
            }

            output.WriteLine($"Reporting about {options.Rate:0.#} events/s in batches of {options.Batch} to {site} ({(options.Duration > TimeSpan.Zero ? $"for {options.Duration.TotalSeconds:0} s" : "Ctrl+C stops")}).");
            await agent.RunAsync(stopping);
            return 0;
        }
        catch (MeteringException e)
        {
            error.WriteLine($"The site refused the agent: {e.Message}");
            return 1;
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"Could not reach {site}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 1;
        }
    }
}
