using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Wallets;

public enum PayoutStatus
{
    Requested = 0,
    Approved = 1,
    Rejected = 2,
}

/// <summary>
/// A provider's request to move money out. Requesting places a pending Wallet → External hold (id = this
/// payout's id), so the money cannot be spent twice while an administrator decides; approval posts the hold,
/// rejection voids it.
/// </summary>
public sealed class Payout
{
    public const long MinimumAmount = 100;

    private Payout()
    {
    }

    public Payout(Guid organizationId, long amount, string bankAccount, string requestedByUserId, DateTime nowUtc)
    {
        if (amount < MinimumAmount)
        {
            throw new DomainException("A payout is at least 1.00.");
        }

        Id = Guid.NewGuid();
        OrganizationId = organizationId;
        Amount = amount;
        BankAccount = bankAccount;
        RequestedByUserId = requestedByUserId;
        RequestedAtUtc = nowUtc;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public long Amount { get; private set; }

    /// <summary>Where the provider wants the money sent (as they typed it).</summary>
    public string BankAccount { get; private set; } = "";

    public PayoutStatus Status { get; private set; }

    public string RequestedByUserId { get; private set; } = "";

    public DateTime RequestedAtUtc { get; private set; }

    public string? DecidedByUserId { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public string? Note { get; private set; }

    public long Version { get; private set; }

    /// <summary>The id of the pending hold placed at request time.</summary>
    public Guid HoldTransferId => Id;

    public void Approve(string administratorId, DateTime nowUtc) => Decide(PayoutStatus.Approved, administratorId, nowUtc, null);

    public void Reject(string administratorId, DateTime nowUtc, string note) => Decide(PayoutStatus.Rejected, administratorId, nowUtc, note);

    private void Decide(PayoutStatus status, string administratorId, DateTime nowUtc, string? note)
    {
        if (Status != PayoutStatus.Requested)
        {
            throw new DomainException($"This payout is already {Status.ToString().ToLowerInvariant()}.");
        }

        Status = status;
        DecidedByUserId = administratorId;
        DecidedAtUtc = nowUtc;
        Note = note;
        Version++;
    }
}
