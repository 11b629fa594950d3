namespace ComputeMarket.Infrastructure.Persistence;

/// <summary>
/// SQLite lets one transaction write at a time, and its busy handler makes the others sleep and retry in no order,
/// so under load a few writers wait for seconds while others pass. Units of work of this process queue here
/// instead, in arrival order (SemaphoreSlim releases asynchronous waiters first in, first out), before they begin
/// their transaction: the waiting is short, ordered, and holds no thread.
/// </summary>
public sealed class SqliteWriteQueue : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Lease(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}
