namespace ComputeMarket.Application.Tests;

/// <summary>
/// Runs callers at once: every caller is started on the thread pool and waits for one starting signal, so they reach
/// the database together. Nothing process-wide (such as the thread pool's minimum) is changed: on PostgreSQL the
/// calls are truly asynchronous, and on SQLite units of work wait in the write queue without holding a thread.
/// </summary>
internal static class Concurrently
{
    public static async Task<T[]> RaceAsync<T>(int callers, Func<int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, callers)
            .Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await call(i);
            }))
            .ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}
