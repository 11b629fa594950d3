namespace ComputeMarket.Domain.Auditing;

/// <summary>One administrative action: who did what to which thing, when, and the state before and after.</summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(DateTime atUtc, string actorUserId, string action, string subject, string? before, string? after)
    {
        AtUtc = atUtc;
        ActorUserId = actorUserId;
        Action = action;
        Subject = subject;
        Before = before;
        After = after;
    }

    public long Id { get; private set; }

    public DateTime AtUtc { get; private set; }

    public string ActorUserId { get; private set; } = "";

    /// <summary>For example <c>TopUp.Confirm</c>.</summary>
    public string Action { get; private set; } = "";

    /// <summary>For example <c>topup:3f2c…</c>.</summary>
    public string Subject { get; private set; } = "";

    public string? Before { get; private set; }

    public string? After { get; private set; }
}
