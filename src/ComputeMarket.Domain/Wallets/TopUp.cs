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
public sealed class TopUp : WalletRequest
{
    public const long MinimumAmount = 100;
    public const long MaximumAmount = 100_000_000_00;

    private TopUp()
    {
    }

    public TopUp(Guid organizationId, long amount, string reference, string requestedByUserId, DateTime nowUtc)
        : base(organizationId, amount, requestedByUserId, nowUtc)
    {
        if (amount is < MinimumAmount or > MaximumAmount)
        {
            throw new DomainException("A top-up is between 1.00 and 100,000,000.00.");
        }

        Reference = reference;
    }

    /// <summary>What the buyer writes on the bank transfer, so the administrator can match the payment.</summary>
    public string Reference { get; private set; } = "";

    public TopUpStatus Status { get; private set; }

    public override bool IsDecided => Status != TopUpStatus.Requested;

    public override string StatusText => Status.ToString().ToLowerInvariant();

    public void Confirm(string administratorId, DateTime nowUtc) => Decide(true, administratorId, nowUtc, null);

    public void Reject(string administratorId, DateTime nowUtc, string note) => Decide(false, administratorId, nowUtc, note);

    protected override void MarkDecided(bool accepted) => Status = accepted ? TopUpStatus.Confirmed : TopUpStatus.Rejected;
}
