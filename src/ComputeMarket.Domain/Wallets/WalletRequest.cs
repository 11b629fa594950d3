using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Wallets;

/// <summary>
/// What an organization asks an administrator to decide about its wallet: money coming in (<see cref="TopUp"/>) or
/// going out (<see cref="Payout"/>). It is decided once, accepted or rejected, by whom and when, with a note the
/// organization sees.
/// </summary>
public abstract class WalletRequest
{
    protected WalletRequest()
    {
    }

    protected WalletRequest(Guid organizationId, long amount, string requestedByUserId, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        OrganizationId = organizationId;
        Amount = amount;
        RequestedByUserId = requestedByUserId;
        RequestedAtUtc = nowUtc;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    /// <summary>In minor units (fen).</summary>
    public long Amount { get; private set; }

    public string RequestedByUserId { get; private set; } = "";

    public DateTime RequestedAtUtc { get; private set; }

    public string? DecidedByUserId { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public string? Note { get; private set; }

    public long Version { get; private set; }

    public abstract bool IsDecided { get; }

    /// <summary>The decision in words ("confirmed", "approved", "rejected"), for messages.</summary>
    public abstract string StatusText { get; }

    /// <summary>Accepts (confirms a top-up, approves a payout) or rejects the request; a rejection says why.</summary>
    public void Decide(bool accept, string administratorId, DateTime nowUtc, string? note)
    {
        if (IsDecided)
        {
            throw new DomainException($"This request is already {StatusText}.");
        }

        if (!accept && string.IsNullOrWhiteSpace(note))
        {
            throw new DomainException("A rejection says why.");
        }

        MarkDecided(accept);
        DecidedByUserId = administratorId;
        DecidedAtUtc = nowUtc;
        Note = note;
        Version++;
    }

    protected abstract void MarkDecided(bool accepted);
}
