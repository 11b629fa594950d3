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
public sealed class Payout : WalletRequest
{
    public const long MinimumAmount = 100;

    private Payout()
    {
    }

    public Payout(Guid organizationId, long amount, string bankAccount, string requestedByUserId, DateTime nowUtc)
        : base(organizationId, amount, requestedByUserId, nowUtc)
    {
        if (amount < MinimumAmount)
        {
            throw new DomainException("A payout is at least 1.00.");
        }

        BankAccount = bankAccount;
    }

    /// <summary>Where the provider wants the money sent (as they typed it).</summary>
    public string BankAccount { get; private set; } = "";

    public PayoutStatus Status { get; private set; }

    /// <summary>The id of the pending hold placed at request time.</summary>
    public Guid HoldTransferId => Id;

    public override bool IsDecided => Status != PayoutStatus.Requested;

    public override string StatusText => Status.ToString().ToLowerInvariant();

    public void Approve(string administratorId, DateTime nowUtc) => Decide(true, administratorId, nowUtc, null);

    public void Reject(string administratorId, DateTime nowUtc, string note) => Decide(false, administratorId, nowUtc, note);

    protected override void MarkDecided(bool accepted) => Status = accepted ? PayoutStatus.Approved : PayoutStatus.Rejected;
}
