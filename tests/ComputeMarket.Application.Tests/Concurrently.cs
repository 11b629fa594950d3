namespace ComputeMarket.Application.Tests;

/// <summary>
/// Runs callers truly at once. Microsoft.Data.Sqlite completes "async" calls synchronously, so a caller holds its
/// pool thread for the whole request: on a small machine plain Task.Run would let only a couple run at a time and
/// hide a missing lock. So the pool is widened for the race and every caller waits at a barrier until all have a
/// thread of their own.
/// </summary>
internal static class Concurrently
{
    public static async Task<T[]> RaceAsync<T>(int callers, Func<int, Task<T>> call)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, callers + 8), io);
        try
        {
            using var barrier = new Barrier(callers);
            var tasks = Enumerable.Range(0, callers)
                .Select(i => Task.Run(() =>
                {
                    if (!barrier.SignalAndWait(TimeSpan.FromSeconds(30)))
                    {
                        throw new TimeoutException("Not every caller got a thread to race on.");
                    }

                    return call(i);
                }))
                .ToArray();
            return await Task.WhenAll(tasks);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }
}
