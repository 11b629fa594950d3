namespace ComputeMarket.Domain.Organizations;

public enum NotificationKind
{
    LowBalance = 1,
    SpendingLimitReached = 2,
}

/// <summary>An in-app message to an organization's members.</summary>
public sealed class Notification
{
    private Notification()
    {
    }

    public Notification(Guid organizationId, NotificationKind kind, string message, DateTime createdAtUtc)
    {
        OrganizationId = organizationId;
        Kind = kind;
        Message = message;
        CreatedAtUtc = createdAtUtc;
    }

    public long Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public NotificationKind Kind { get; private set; }

    public string Message { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? ReadAtUtc { get; private set; }

    public void MarkRead(DateTime nowUtc) => ReadAtUtc ??= nowUtc;
}
