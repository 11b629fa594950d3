using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ComputeMarket.MeteringAgent;

/// <summary>What the agent has done so far.</summary>
internal sealed record Totals(long Sent, long Resent, long Accepted, long Duplicates, long Rejected, long Retries, int Allocations);

/// <summary>
/// The agent's loop: keeps the list of served allocations fresh, lets requests arrive as <see cref="TrafficModel"/>
/// says, one usage event each, sends them in batches, and now and then sends a batch again with the same ids.
/// </summary>
internal sealed class Agent(AgentOptions options, MeteringClient client, TextWriter output)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryListAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CatchUpAtMost = TimeSpan.FromSeconds(5);

    /// <summary>A batch that is not full is sent this long after its first event, so slow rates still report promptly.</summary>
    private static readonly TimeSpan FlushAfter = TimeSpan.FromSeconds(2);

    private readonly TrafficModel _traffic = new(options.Rate, options.Seed is { } seed ? new Random(seed) : new Random());
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<Guid, long> _remaining = [];
    private IReadOnlyList<Allocation> _allocations = [];
    private long _number;
    private bool _refreshNeeded;
    private long _sent, _resent, _accepted, _duplicates, _rejected;

    public Totals Totals => new(_sent, _resent, _accepted, _duplicates, _rejected, client.Retries, _allocations.Count);

    /// <summary>Sends one batch of <see cref="AgentOptions.Batch"/> events at once (and resends it as the duplicate rate says).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        if (_allocations.Count == 0)
        {
            output.WriteLine("No open allocation with tokens left: nothing to report.");
            return false;
        }

        var batch = Enumerable.Range(0, options.Batch).TakeWhile(_ => _remaining.Values.Any(left => left > 0)).Select(_ => NextEvent()).ToList();
        return await DeliverAsync(batch, cancellationToken);
    }

    /// <summary>Runs until cancelled or for <see cref="AgentOptions.Duration"/>; a pending batch is sent before it returns.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var clock = Stopwatch.StartNew();
        var refreshedAt = TimeSpan.Zero;
        var reportedAt = TimeSpan.Zero;
        var flushAt = TimeSpan.MaxValue;
        var nextArrival = TimeSpan.Zero;
        var batch = new List<UsageEvent>();
        List<UsageEvent>? inFlight = null; // a batch whose delivery (or its retries) was interrupted by stopping
        using var limit = new CancellationTokenSource();
        if (options.Duration > TimeSpan.Zero)
        {
            limit.CancelAfter(options.Duration);
        }

        using var running = CancellationTokenSource.CreateLinkedTokenSource(stopping, limit.Token);
        var token = running.Token;
        _refreshNeeded = true;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (_refreshNeeded || clock.Elapsed - refreshedAt >= RefreshEvery)
                {
                    var refreshed = await TryRefreshAsync(token);
                    refreshedAt = clock.Elapsed;
                    if (!refreshed || _allocations.Count == 0)
                    {
                        if (refreshed)
                        {
                            output.WriteLine($"{Now()}  no open allocation with tokens left; looking again in {RefreshEvery.TotalSeconds:0} s");
                        }

                        await Task.Delay(refreshed ? RefreshEvery : RetryListAfter, token);
                        _refreshNeeded = true;
                        continue;
                    }
                }

                var wakeAt = Min(nextArrival, flushAt, reportedAt + ReportEvery, refreshedAt + RefreshEvery);
                if (wakeAt > clock.Elapsed)
                {
                    await Task.Delay(wakeAt - clock.Elapsed, token);
                }

                if (clock.Elapsed >= nextArrival && batch.Count < options.Batch)
                {
                    if (!_remaining.Values.Any(left => left > 0))
                    {
                        // What the agent sent has used up every allocation it knew of: ask the site what is left.
                        _refreshNeeded = true;
                        nextArrival += _traffic.NextGap();
                        continue;
                    }

                    batch.Add(NextEvent());
                    nextArrival += _traffic.NextGap();
                    if (batch.Count == 1)
                    {
                        flushAt = clock.Elapsed + FlushAfter;
                    }
                }

                if (batch.Count >= options.Batch || (batch.Count > 0 && clock.Elapsed >= flushAt))
                {
                    inFlight = [.. batch];
                    batch.Clear();
                    flushAt = TimeSpan.MaxValue;
                    await DeliverAsync(inFlight, token);
                    inFlight = null;

                    // Requests that arrived while the batch was being sent are caught up with (so the rate holds),
                    // but not those of a long outage: a real service would have turned them away.
                    nextArrival = TimeSpan.FromTicks(Math.Max(nextArrival.Ticks, (clock.Elapsed - CatchUpAtMost).Ticks));
                }

                if (clock.Elapsed - reportedAt >= ReportEvery)
                {
                    Report(clock.Elapsed);
                    reportedAt = clock.Elapsed;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        // Stopping: the pending events still go out (an interrupted batch with its same ids), with a little time for it.
        if (inFlight is not null || batch.Count > 0)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                if (inFlight is not null)
                {
                    await DeliverAsync(inFlight, grace.Token, again: true);
                }

                if (batch.Count > 0)
                {
                    await DeliverAsync(batch, grace.Token);
                }
            }
            catch (OperationCanceledException)
            {
                output.WriteLine($"{Now()}  stopped before {(inFlight?.Count ?? 0) + batch.Count} events were confirmed (the site may not have them)");
            }
        }

        Report(clock.Elapsed);
    }

    /// <summary>Refreshes the list; a network error or 5xx is printed and tried again later, a refused key stops the agent.</summary>
    private async Task<bool> TryRefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or MeteringException { Status: >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests }
                                  && !cancellationToken.IsCancellationRequested)
        {
            output.WriteLine($"{Now()}  could not list the allocations ({e.Message}); trying again in {RetryListAfter.TotalSeconds:0} s");
            return false;
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _refreshNeeded = false;
        var all = await client.GetAllocationsAsync(cancellationToken);
        _allocations = [.. all.Where(a => a.RemainingTokens > 0)];
        _remaining.Clear();
        foreach (var allocation in _allocations)
        {
            _remaining[allocation.Id] = allocation.RemainingTokens;
        }
    }

    /// <summary>One request's usage on an allocation that (as far as the agent knows) still has tokens left.</summary>
    private UsageEvent NextEvent()
    {
        var servable = _allocations.Where(a => _remaining[a.Id] > 0).ToList();
        var allocation = servable[_traffic.PickAllocation(servable.Count)];
        var (input, output) = _traffic.NextRequest(allocation.Model, _remaining[allocation.Id]);
        _remaining[allocation.Id] -= input + output;
        var id = string.Create(CultureInfo.InvariantCulture, $"agent-{_runId}-{++_number}");
        var at = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new UsageEvent(id, allocation.Id, input, output, at);
    }

    /// <summary>Sends a batch; sometimes sends it again, as an agent that never saw the first answer would.</summary>
    private async Task<bool> DeliverAsync(List<UsageEvent> batch, CancellationToken cancellationToken, bool again = false)
    {
        _sent += again ? 0 : batch.Count;
        var delivery = await client.SendAsync(batch, cancellationToken);
        Count(delivery, batch.Count);
        if (delivery.Delivered && _traffic.Chance(options.DuplicateRate))
        {
            _resent += batch.Count;
            Count(await client.SendAsync(batch, cancellationToken), batch.Count);
        }

        return delivery.Delivered;
    }

    private void Count(Delivery delivery, int events)
    {
        if (delivery.Delivered)
        {
            _accepted += delivery.Accepted;
            _duplicates += delivery.Duplicates;
            return;
        }

        _rejected += events;
        _refreshNeeded = true; // an allocation may have closed meanwhile
        output.WriteLine($"{Now()}  batch of {events} refused: {delivery.Problem}");
        if (delivery.Refused is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new MeteringException(delivery.Refused.Value, delivery.Problem ?? "");
        }
    }

    private void Report(TimeSpan elapsed) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Now()}  sent {_sent} (+{_resent} resent)  accepted {_accepted}  duplicates {_duplicates}  rejected {_rejected}  retries {client.Retries}  allocations {_allocations.Count}  {_sent / Math.Max(1, elapsed.TotalSeconds):0.0}/s{(_traffic.Bursting ? "  (burst)" : "")}"));

    private static string Now() => DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static TimeSpan Min(params TimeSpan[] times) => times.Min();
}
