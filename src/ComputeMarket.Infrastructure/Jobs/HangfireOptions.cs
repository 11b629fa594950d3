namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>The "Hangfire" configuration section.</summary>
public sealed class HangfireOptions
{
    public const string Section = "Hangfire";

    /// <summary>Run a job server in this instance. Turn it off on instances that should only serve pages.</summary>
    public bool ServerEnabled { get; set; } = true;

    public int WorkerCount { get; set; } = 2;

    /// <summary>How often the server looks for scheduled and recurring jobs that are due (Hangfire's default: 15 s).</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);
}
