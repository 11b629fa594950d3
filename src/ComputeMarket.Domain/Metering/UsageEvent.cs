namespace ComputeMarket.Domain.Metering;

/// <summary>What settlement found unusual about an event. Stored as a number; never renumber.</summary>
[Flags]
public enum UsageFlags
{
    None = 0,

    /// <summary>Counted when the allocation's settled tokens had passed its quota: kept, billed only while the hold lasts.</summary>
    OverQuota = 1,

    /// <summary>Reported for an allocation already closed: kept, never billed (its hold is gone).</summary>
    Late = 2,
}

/// <summary>
/// Tokens a provider reports having served for an allocation. The provider's event id is an idempotency key for
/// that provider, forever: the same id is stored once, however often it is delivered. Settlement marks each event
/// with the batch that billed it.
/// </summary>
public sealed class UsageEvent
{
    public const int IdMaxLength = 64;

    /// <summary>The most tokens (input and output together) one event may carry.</summary>
    public const long MaxTokensPerEvent = 1_000_000_000;

    private UsageEvent()
    {
    }

    public UsageEvent(Guid providerOrganizationId, string eventId, Guid allocationId, long inputTokens, long outputTokens, DateTime occurredAtUtc, DateTime receivedAtUtc)
    {
        ProviderOrganizationId = providerOrganizationId;
        EventId = eventId;
        AllocationId = allocationId;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        OccurredAtUtc = occurredAtUtc;
        ReceivedAtUtc = receivedAtUtc;
    }

    /// <summary>Arrival order, given by the database; settlement takes events in this order.</summary>
    public long Sequence { get; private set; }

    public Guid ProviderOrganizationId { get; private set; }

    /// <summary>The provider's own id for the event (1–64 characters of A–Z a–z 0–9 . _ : -).</summary>
    public string EventId { get; private set; } = "";

    public Guid AllocationId { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public DateTime OccurredAtUtc { get; private set; }

    public DateTime ReceivedAtUtc { get; private set; }

    /// <summary>The settlement batch that took the event; null while it waits.</summary>
    public Guid? SettlementBatchId { get; private set; }

    public UsageFlags Flags { get; private set; }

    public long Tokens => InputTokens + OutputTokens;

    /// <summary>Whether a redelivery carries the same facts (a duplicate) or different ones (a conflict).</summary>
    public bool SameFactsAs(Guid allocationId, long inputTokens, long outputTokens, DateTime occurredAtUtc) =>
        AllocationId == allocationId && InputTokens == inputTokens && OutputTokens == outputTokens && OccurredAtUtc == occurredAtUtc;

    /// <summary>Whether <paramref name="id"/> is a well-formed event id.</summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > IdMaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
