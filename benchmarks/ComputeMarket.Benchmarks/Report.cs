using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ComputeMarket.Benchmarks;

/// <summary>What every benchmark prints about where it ran, and invariant-culture formatting for its figures.</summary>
internal static class Report
{
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static void PrintMachine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        Console.WriteLine(Invariant($"Machine: {Environment.ProcessorCount} logical processors{(cpu is null ? "" : $" ({cpu})")}, {RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}"));
        Console.WriteLine(Invariant($"Runtime: {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}"));
    }

    /// <summary>The load average, where the system tells it: on a shared machine it says how busy the neighbours were.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load average unknown";

    public static string Seconds(TimeSpan elapsed) => Invariant($"{elapsed.TotalSeconds:0.0} s");
}
