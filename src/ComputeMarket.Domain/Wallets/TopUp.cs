using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Wallets;

public enum TopUpStatus
{
    Requested = 0,
    Confirmed = 1,
    Rejected = 2,
}

/// <summary>
/// A buyer's announced bank transfer. The buyer quotes <see cref="Reference"/> on the transfer; an administrator
/// confirms receipt, which posts External → Wallet with this top-up's id as the transfer id (so a second
/// confirmation can never credit twice).
/// </summary>
public sealed class TopUp
{
    public const long MinimumAmount = 100;
    public const long MaximumAmount = 100_000_000_00;

    private TopUp()
    {
    }

    public TopUp(Guid organizationId, long amount, string reference, string requestedByUserId, DateTime nowUtc)
    {
        if (amount is < MinimumAmount or > MaximumAmount)
        {
            throw new DomainException("A top-up is between 1.00 and 100,000,000.00.");
        }

        Id = Guid.NewGuid();
        OrganizationId = organizationId;
        Amount = amount;
        Reference = reference;
        RequestedByUserId = requestedByUserId;
        RequestedAtUtc = nowUtc;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    /// <summary>In minor units (fen).</summary>
    public long Amount { get; private set; }

    /// <summary>What the buyer writes on the bank transfer, so the administrator can match the payment.</summary>
    public string Reference { get; private set; } = "";

    public TopUpStatus Status { get; private set; }

    public string RequestedByUserId { get; private set; } = "";

    public DateTime RequestedAtUtc { get; private set; }

    public string? DecidedByUserId { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public string? Note { get; private set; }

    public long Version { get; private set; }

    public void Confirm(string administratorId, DateTime nowUtc) => Decide(TopUpStatus.Confirmed, administratorId, nowUtc, null);

    public void Reject(string administratorId, DateTime nowUtc, string note) => Decide(TopUpStatus.Rejected, administratorId, nowUtc, note);

    private void Decide(TopUpStatus status, string administratorId, DateTime nowUtc, string? note)
    {
        if (Status != TopUpStatus.Requested)
        {
            throw new DomainException($"This top-up is already {Status.ToString().ToLowerInvariant()}.");
        }

        Status = status;
        DecidedByUserId = administratorId;
        DecidedAtUtc = nowUtc;
        Note = note;
        Version++;
    }
}
