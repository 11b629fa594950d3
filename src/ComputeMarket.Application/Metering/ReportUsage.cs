using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Metering;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Metering;

/// <summary>
/// One event as the API read it. A field that was absent is null; a field that was present but could not be read
/// (text for a number, a fraction, a time without its offset) is named in <see cref="Unreadable"/>.
/// </summary>
public sealed record UsageEventInput(string? Id, Guid? AllocationId, long? InputTokens, long? OutputTokens, DateTime? OccurredAtUtc, IReadOnlyCollection<string> Unreadable)
{
    /// <summary>The event's position in the request, for the field names of its errors (<c>events[3].inputTokens</c>).</summary>
    public int Index { get; init; }
}

/// <summary>What a report did: events stored now, and events already stored (delivered before, or twice in it).</summary>
public sealed record UsageReceipt(int Accepted, int Duplicates);

/// <summary>
/// A provider's metering reports usage (<c>POST /api/v1/usage</c>). All or nothing: any bad event refuses the whole
/// request with every problem listed, an allocation served by someone else refuses it as forbidden, and an event id
/// already used for other facts refuses it as a conflict. Event ids are idempotency keys per provider, forever. The
/// report is checked here (reads only); storing it joins the next group commit (<see cref="UsageIngestQueue"/>).
/// </summary>
public sealed record ReportUsage(Guid ProviderOrganizationId, IReadOnlyList<UsageEventInput> Events) : IRequest<Result<UsageReceipt>>
{
    public const int MaxEvents = 1_000;

    /// <summary>How far in the future an event may say it happened (clocks differ a little).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
}

internal sealed class ReportUsageHandler(IAppDbContext db, UsageIngestQueue queue, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<ReportUsage, Result<UsageReceipt>>
{
    public async Task<Result<UsageReceipt>> Handle(ReportUsage request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, List<string>>();
        void Error(UsageEventInput e, string? field, string message)
        {
            var key = field is null ? $"events[{e.Index}]" : $"events[{e.Index}].{field}";
            (errors.TryGetValue(key, out var list) ? list : errors[key] = []).Add(message);
        }

        if (request.Events.Count == 0)
        {
            return Result<UsageReceipt>.Invalid("events", localizer["Send at least one event."]);
        }

        foreach (var e in request.Events)
        {
            CheckShape(e, now, Error);
        }

        var allocationIds = request.Events.Where(e => e.AllocationId is not null).Select(e => e.AllocationId!.Value).Distinct().ToList();
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => allocationIds.Contains(a.Id))
            .Select(a => new { a.Id, a.ProviderOrganizationId, a.CreatedAtUtc })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        var foreign = new List<Guid>();
        foreach (var e in request.Events.Where(e => e.AllocationId is not null))
        {
            if (!allocations.TryGetValue(e.AllocationId!.Value, out var allocation))
            {
                Error(e, "allocationId", localizer["There is no such allocation."]);
            }
            else if (allocation.ProviderOrganizationId != request.ProviderOrganizationId)
            {
                foreign.Add(allocation.Id);
            }
            else if (e.OccurredAtUtc is { } occurred && occurred < allocation.CreatedAtUtc)
            {
                Error(e, "occurredAt", localizer["This is before the allocation opened."]);
            }
        }

        if (errors.Count > 0)
        {
            return Result<UsageReceipt>.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        if (foreign.Count > 0)
        {
            return Result<UsageReceipt>.Forbidden(localizer["Your organization does not serve allocation {0}.", foreign[0]]);
        }

        // The same id twice in one request: the same facts count once, other facts are a conflict.
        var fresh = new Dictionary<string, UsageEvent>(StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var e in request.Events)
        {
            var candidate = new UsageEvent(request.ProviderOrganizationId, e.Id!, e.AllocationId!.Value, e.InputTokens!.Value, e.OutputTokens!.Value, e.OccurredAtUtc!.Value, now);
            if (!fresh.TryAdd(candidate.EventId, candidate))
            {
                if (!fresh[candidate.EventId].SameFactsAs(candidate.AllocationId, candidate.InputTokens, candidate.OutputTokens, candidate.OccurredAtUtc))
                {
                    return Conflict(candidate.EventId);
                }

                duplicates++;
            }
        }

        var outcome = await queue.StoreAsync(request.ProviderOrganizationId, [.. fresh.Values], cancellationToken);
        return outcome.ConflictingEventId is { } conflicting
            ? Conflict(conflicting)
            : new UsageReceipt(outcome.Inserted, duplicates + outcome.Duplicates);
    }

    private Result<UsageReceipt> Conflict(string eventId) =>
        Result<UsageReceipt>.Conflict(localizer["Event id \"{0}\" was already reported with other values. Nothing from this request was stored.", eventId]);

    private void CheckShape(UsageEventInput e, DateTime now, Action<UsageEventInput, string?, string> error)
    {
        if (e.Unreadable.Contains("event"))
        {
            error(e, null, localizer["An event is an object with id, allocationId, inputTokens, outputTokens and occurredAt."]);
            return;
        }

        if (e.Id is null && !e.Unreadable.Contains("id"))
        {
            error(e, "id", localizer["The event id is missing."]);
        }
        else if (!UsageEvent.IsValidId(e.Id))
        {
            error(e, "id", localizer["An event id has 1 to 64 characters: letters, digits, '.', '_', ':' or '-'."]);
        }

        if (e.Unreadable.Contains("allocationId"))
        {
            error(e, "allocationId", localizer["The allocation id is not a valid id."]);
        }
        else if (e.AllocationId is null)
        {
            error(e, "allocationId", localizer["The allocation id is missing."]);
        }

        var tokensReadable = true;
        foreach (var (field, value) in new[] { ("inputTokens", e.InputTokens), ("outputTokens", e.OutputTokens) })
        {
            if (e.Unreadable.Contains(field))
            {
                error(e, field, localizer["A token count is a whole number."]);
                tokensReadable = false;
            }
            else if (value is null)
            {
                error(e, field, localizer["The token count is missing."]);
                tokensReadable = false;
            }
            else if (value < 0)
            {
                error(e, field, localizer["A token count is never negative."]);
                tokensReadable = false;
            }
        }

        if (tokensReadable && e.InputTokens == 0 && e.OutputTokens == 0)
        {
            error(e, null, localizer["An event reports some tokens: input and output are both zero."]);
        }
        else if (tokensReadable && e.InputTokens + e.OutputTokens > UsageEvent.MaxTokensPerEvent)
        {
            error(e, null, localizer["One event reports at most {0:N0} tokens.", UsageEvent.MaxTokensPerEvent]);
        }

        if (e.Unreadable.Contains("occurredAt"))
        {
            error(e, "occurredAt", localizer["The time is not an ISO 8601 time with its offset (for example 2026-11-22T10:00:00Z)."]);
        }
        else if (e.OccurredAtUtc is null)
        {
            error(e, "occurredAt", localizer["The time the usage occurred is missing."]);
        }
        else if (e.OccurredAtUtc > now + ReportUsage.ClockSkew)
        {
            error(e, "occurredAt", localizer["This time is more than five minutes in the future."]);
        }
    }
}

/// <summary>Reads times as the ledger keeps them (whole microseconds), so that a redelivery compares equal on every database.</summary>
public static class UsageTimes
{
    public static DateTime Normalize(DateTimeOffset time) => LedgerRules.ToResolution(time.UtcDateTime);
}
