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
/// Safe across instances: inserts skip ids stored meanwhile by another instance (<see cref="IUsageEventWriter"/>), and
/// if such an id carries other values the group is written again report by report, each in its own unit of work, so
/// that the conflicting report stores nothing and the others are unaffected. A group whose transaction fails fails
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
        catch (RacedConflictException) when (group.Count > 1)
        {
            // An id stored with other values by another instance meanwhile: write each report on its own.
            var outcomes = new List<StoreOutcome>(group.Count);
            foreach (var pending in group)
            {
                try
                {
                    outcomes.Add((await InOneUnitAsync([pending]))[0]);
                }
                catch (RacedConflictException raced)
                {
                    outcomes.Add(new StoreOutcome(0, 0, raced.EventId));
                }
            }

            return outcomes;
        }
        catch (RacedConflictException raced)
        {
            return [new StoreOutcome(0, 0, raced.EventId)];
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
                var outcomes = new List<StoreOutcome>(group.Count);
                foreach (var pending in group)
                {
                    outcomes.Add(await StoreOneAsync(db, writer, pending, ct));
                }

                await unitOfWork.SaveAsync(ct);
                return outcomes;
            },
            _stopping.Token);
    }

    /// <summary>One report inside the group's transaction: a conflict is found before anything of it is inserted.</summary>
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
            // Another instance stored some of these ids meanwhile: duplicates if their values agree.
            var raced = await StoredAsync(db, pending.Provider, [.. toInsert.Select(e => e.EventId)], cancellationToken);
            if (toInsert.FirstOrDefault(e => raced.TryGetValue(e.EventId, out var other) && !other.SameFactsAs(e.AllocationId, e.InputTokens, e.OutputTokens, e.OccurredAtUtc)) is { } conflicting)
            {
                throw new RacedConflictException(conflicting.EventId);
            }
        }

        return new StoreOutcome(inserted, stored.Count + (toInsert.Count - inserted), null);
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

    private sealed class RacedConflictException(string eventId) : Exception($"Event id {eventId} was stored with other values meanwhile.")
    {
        public string EventId { get; } = eventId;
    }
}
