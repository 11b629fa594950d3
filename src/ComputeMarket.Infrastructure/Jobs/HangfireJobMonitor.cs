using System.Globalization;
using ComputeMarket.Application.Operations;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;

namespace ComputeMarket.Infrastructure.Jobs;

/// <summary>
/// Reads the recurring jobs from Hangfire's storage: the schedule and next run from the recurring job, and the last
/// run's outcome and duration from the state history of the job it last triggered.
/// </summary>
internal sealed class HangfireJobMonitor(JobStorage storage) : IJobMonitor
{
    public IReadOnlyList<RecurringJobStatus> RecurringJobs()
    {
        using var connection = storage.GetConnection();
        var monitoring = storage.GetMonitoringApi();
        return connection.GetRecurringJobs()
            .OrderBy(job => job.Id, StringComparer.Ordinal)
            .Select(job => Status(job, job.LastJobId is { } lastJobId ? monitoring.JobDetails(lastJobId) : null))
            .ToList();
    }

    public long FailedJobCount() => storage.GetMonitoringApi().FailedCount();

    private static RecurringJobStatus Status(RecurringJobDto job, JobDetailsDto? last)
    {
        var next = Utc(job.NextExecution);
        if (last is null)
        {
            return job.Error is { } error
                ? new RecurringJobStatus(job.Id, job.Cron, Utc(job.LastExecution), null, JobOutcome.Failed, error, next)
                : new RecurringJobStatus(job.Id, job.Cron, Utc(job.LastExecution), null, job.LastExecution is null ? JobOutcome.NotRunYet : JobOutcome.Waiting, null, next);
        }

        var history = last.History.OrderByDescending(state => state.CreatedAt).ToList();
        var finished = history.FirstOrDefault(state => state.StateName == SucceededState.StateName || state.StateName == FailedState.StateName);
        var started = history.FirstOrDefault(state => state.StateName == ProcessingState.StateName && (finished is null || state.CreatedAt <= finished.CreatedAt));
        var current = history.FirstOrDefault()?.StateName;
        var lastRun = Utc(started?.CreatedAt) ?? Utc(job.LastExecution);

        if (current == ProcessingState.StateName)
        {
            return new RecurringJobStatus(job.Id, job.Cron, lastRun, null, JobOutcome.Running, null, next);
        }

        if (finished is null)
        {
            return new RecurringJobStatus(job.Id, job.Cron, lastRun, null, JobOutcome.Waiting, null, next);
        }

        var duration = finished.StateName == SucceededState.StateName && Milliseconds(finished.Data, "PerformanceDuration") is { } performed
            ? TimeSpan.FromMilliseconds(performed)
            : started is null ? (TimeSpan?)null : finished.CreatedAt - started.CreatedAt;
        return finished.StateName == SucceededState.StateName
            ? new RecurringJobStatus(job.Id, job.Cron, lastRun, duration, JobOutcome.Succeeded, null, next)
            : new RecurringJobStatus(job.Id, job.Cron, lastRun, duration, JobOutcome.Failed, Error(finished.Data), next);
    }

    private static string? Error(IDictionary<string, string>? data) =>
        data is null ? null
        : data.TryGetValue("ExceptionMessage", out var message) ? (data.TryGetValue("ExceptionType", out var type) ? $"{type}: {message}" : message)
        : null;

    private static long? Milliseconds(IDictionary<string, string>? data, string key) =>
        data is not null && data.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTime? Utc(DateTime? value) => value is { } time ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : null;
}
