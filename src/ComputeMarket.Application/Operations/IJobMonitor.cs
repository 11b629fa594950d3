namespace ComputeMarket.Application.Operations;

public enum JobOutcome
{
    /// <summary>Registered, never triggered yet.</summary>
    NotRunYet,

    /// <summary>Triggered and waiting in a queue (or scheduled for a retry) with no finished run to show.</summary>
    Waiting,

    Running,

    Succeeded,

    Failed,
}

/// <summary>A recurring job as the scheduler knows it: its schedule, its latest run and its next one (times in UTC).</summary>
public sealed record RecurringJobStatus(
    string Id,
    string Cron,
    DateTime? LastRunAtUtc,
    TimeSpan? Duration,
    JobOutcome Outcome,
    string? Error,
    DateTime? NextRunAtUtc);

/// <summary>What the job scheduler's storage says about the jobs (Hangfire in production).</summary>
public interface IJobMonitor
{
    /// <summary>Every registered recurring job, by id.</summary>
    IReadOnlyList<RecurringJobStatus> RecurringJobs();

    /// <summary>Jobs whose last attempt failed and that will not be retried on their own.</summary>
    long FailedJobCount();
}
