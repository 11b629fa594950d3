using System.Threading.Channels;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComputeMarket.Application.Metering;

/// <summary>What storing one report did: events stored, events already stored, or the event id stored with other values (nothing of the report stored).</summary>
public sealed record StoreOutcome(int Inserted, int Duplicates, string? ConflictingEventId);

/// <summary>
/// Group commit for usage reports. Reports that arrive while a transaction is being written wait, and the next
/// transaction writes all of them: each report's ids are checked against what is stored (including what earlier
/// reports of the same group just stored) and its new events inserted, or, when an id was stored with other values,
/// nothing of that report is. One commit — one disk flush — then answers the whole group, so the flush that bounds a
/// single-writer database at a few hundred commits a second is shared by every report waiting for it.
/// </summary>
/// <remarks>
/// A group is read with one query and written with one insert. Safe across instances: inserts skip ids stored
/// meanwhile by another instance (<see cref="IUsageEventWriter"/>); when that happens the group is written again report
/// by report, each in its own unit of work, so that a report whose id came with other values stores nothing and the
/// others are unaffected. A group whose transaction fails fails
/// every report in it (their agents send them again; ids make that safe).
/// </remarks>
public sealed class UsageIngestQueue : IAsyncDisposable, IDisposable
{
    /// <summary>The most events one group writes (its transaction stays short).</summary>
    public const int MaxEventsPerGroup = 20_000;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<UsageIngestQueue> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;

    public UsageIngestQueue(IServiceScopeFactory scopes, ILogger<UsageIngestQueue> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _writer = Task.Run(WriteAsync);
    }

    public async Task<StoreOutcome> StoreAsync(Guid providerOrganizationId, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        var pending = new Pending(providerOrganizationId, events);
        await _queue.Writer.WriteAsync(pending, cancellationToken);

        // Once queued the report is written whatever happens to the request: waiting is what can be cancelled.
        return await pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _writer;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

    }

    private async Task WriteAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
        {
            group.Clear();
            var events = 0;
            while (events < MaxEventsPerGroup && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
                events += next.Events.Count;
            }

            try
            {
                var outcomes = await StoreGroupAsync(group);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Outcome.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                _logger.LogError(failure, "A group of {Reports} usage reports could not be stored.", group.Count);
                group.ForEach(p => p.Outcome.TrySetException(failure));
            }
        }
    }

    private async Task<IReadOnlyList<StoreOutcome>> StoreGroupAsync(List<Pending> group)
    {
        try
        {
            return await InOneUnitAsync(group);
        }
        catch (RacedConflictException)
        {
            // Another instance stored some of the group's ids meanwhile: each report again, on its own.
            var outcomes = new List<StoreOutcome>(group.Count);
            foreach (var pending in group)
            {
                try
                {
                    outcomes.Add(await AloneAsync(pending));
                }
                catch (RacedConflictException raced)
                {
                    outcomes.Add(new StoreOutcome(0, 0, raced.EventId));
                }
            }

            return outcomes;
        }
    }

    private async Task<IReadOnlyList<StoreOutcome>> InOneUnitAsync(List<Pending> group)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var writer = scope.ServiceProvider.GetRequiredService<IUsageEventWriter>();
        return await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var outcomes = await StoreGroupInUnitAsync(db, writer, group, ct);
                await unitOfWork.SaveAsync(ct);
                return outcomes;
            },
            _stopping.Token);
    }

    /// <summary>
    /// The whole group inside one transaction, with one read of the ids already stored and one insert: reports are
    /// judged in arrival order against what is stored and what earlier reports of the group add, so a conflict is found
    /// before anything of its report is written.
    /// </summary>
    private static async Task<IReadOnlyList<StoreOutcome>> StoreGroupInUnitAsync(IAppDbContext db, IUsageEventWriter writer, List<Pending> group, CancellationToken cancellationToken)
    {
        var known = new Dictionary<(Guid Provider, string Id), UsageEvent>();
        foreach (var provider in group.GroupBy(p => p.Provider))
        {
            var ids = provider.SelectMany(p => p.Events.Select(e => e.EventId)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var (id, stored) in await StoredAsync(db, provider.Key, ids, cancellationToken))
            {
                known[(provider.Key, id)] = stored;
            }
        }

        var outcomes = new List<StoreOutcome>(group.Count);
        var toInsert = new List<UsageEvent>();
        foreach (var pending in group)
        {
            var conflicting = pending.Events.FirstOrDefault(e => known.TryGetValue((pending.Provider, e.EventId), out var earlier) && !earlier.SameFactsAs(e.AllocationId, e.InputTokens, e.OutputTokens, e.OccurredAtUtc));
            if (conflicting is not null)
            {
                outcomes.Add(new StoreOutcome(0, 0, conflicting.EventId));
                continue;
            }

            var fresh = pending.Events.Where(e => !known.ContainsKey((pending.Provider, e.EventId))).ToList();
            foreach (var e in fresh)
            {
                known[(pending.Provider, e.EventId)] = e;
            }

            toInsert.AddRange(fresh);
            outcomes.Add(new StoreOutcome(fresh.Count, pending.Events.Count - fresh.Count, null));
        }

        var inserted = await writer.InsertNewAsync(toInsert, cancellationToken);
        if (inserted < toInsert.Count)
        {
            // Another instance stored some of these ids meanwhile: write the group again report by report, whose
            // counts (and, should the values differ, conflicts) then come from what is stored.
            throw new RacedConflictException(toInsert[0].EventId);
        }

        return outcomes;
    }

    /// <summary>One report on its own (after a race with another instance): a conflict is found before anything of it is inserted.</summary>
    private static async Task<StoreOutcome> StoreOneAsync(IAppDbContext db, IUsageEventWriter writer, Pending pending, CancellationToken cancellationToken)
    {
        var byId = pending.Events.ToDictionary(e => e.EventId, StringComparer.Ordinal);
        var stored = await StoredAsync(db, pending.Provider, [.. byId.Keys], cancellationToken);
        foreach (var (id, earlier) in stored)
        {
            var e = byId[id];
            if (!earlier.SameFactsAs(e.AllocationId, e.InputTokens, e.OutputTokens, e.OccurredAtUtc))
            {
                return new StoreOutcome(0, 0, id);
            }
        }

        var toInsert = pending.Events.Where(e => !stored.ContainsKey(e.EventId)).ToList();
        var inserted = await writer.InsertNewAsync(toInsert, cancellationToken);
        if (inserted < toInsert.Count)
        {
            // Stored meanwhile by another instance: duplicates if their values agree.
            var raced = await StoredAsync(db, pending.Provider, [.. toInsert.Select(e => e.EventId)], cancellationToken);
            if (toInsert.FirstOrDefault(e => raced.TryGetValue(e.EventId, out var other) && !other.SameFactsAs(e.AllocationId, e.InputTokens, e.OutputTokens, e.OccurredAtUtc)) is { } conflicting)
            {
                throw new RacedConflictException(conflicting.EventId);
            }
        }

        return new StoreOutcome(inserted, stored.Count + (toInsert.Count - inserted), null);
    }

    private async Task<StoreOutcome> AloneAsync(Pending pending)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IAppDbContext>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var writer = scope.ServiceProvider.GetRequiredService<IUsageEventWriter>();
        return await unitOfWork.ExecuteAsync(
            async ct =>
            {
                var outcome = await StoreOneAsync(db, writer, pending, ct);
                await unitOfWork.SaveAsync(ct);
                return outcome;
            },
            _stopping.Token);
    }

    private static async Task<Dictionary<string, UsageEvent>> StoredAsync(IAppDbContext db, Guid provider, List<string> ids, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, UsageEvent>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(1_000))
        {
            foreach (var e in await db.UsageEvents.AsNoTracking()
                         .Where(e => e.ProviderOrganizationId == provider && chunk.Contains(e.EventId))
                         .ToListAsync(cancellationToken))
            {
                stored[e.EventId] = e;
            }
        }

        return stored;
    }

    private sealed record Pending(Guid Provider, IReadOnlyList<UsageEvent> Events)
    {
        public TaskCompletionSource<StoreOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class RacedConflictException(string eventId) : Exception($"Event id {eventId} was stored by another instance meanwhile.")
    {
        public string EventId { get; } = eventId;
    }
}
