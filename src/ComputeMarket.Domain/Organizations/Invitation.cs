using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Organizations;

public enum InvitationState
{
    Open,
    Accepted,
    Expired,
    Revoked,
}

/// <summary>
/// A single-use link that lets one person join an organization as a member. The link carries a secret;
/// the database keeps only its SHA-256 hash, so a leaked table does not leak working links.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan LongestValidity = TimeSpan.FromDays(30);

    private Invitation()
    {
    }

    internal Invitation(Guid organizationId, string tokenHash, string createdByUserId, DateTime createdAtUtc, DateTime expiresAtUtc, MembershipRole role)
    {
        Id = Guid.NewGuid();
        Role = role;
        OrganizationId = organizationId;
        TokenHash = tokenHash;
        CreatedByUserId = createdByUserId;
        CreatedAtUtc = createdAtUtc;
        ExpiresAtUtc = expiresAtUtc;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string TokenHash { get; private set; } = "";

    /// <summary>The role the person joins in.</summary>
    public MembershipRole Role { get; private set; }

    public string CreatedByUserId { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime ExpiresAtUtc { get; private set; }

    public string? AcceptedByUserId { get; private set; }

    public DateTime? AcceptedAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    public InvitationState StateAt(DateTime nowUtc) =>
        AcceptedAtUtc is not null ? InvitationState.Accepted
        : RevokedAtUtc is not null ? InvitationState.Revoked
        : nowUtc >= ExpiresAtUtc ? InvitationState.Expired
        : InvitationState.Open;

    public void Revoke(DateTime nowUtc)
    {
        if (StateAt(nowUtc) != InvitationState.Open)
        {
            throw new DomainException("Only an open invitation can be revoked.");
        }

        RevokedAtUtc = nowUtc;
    }

    internal void MarkAccepted(string userId, DateTime nowUtc)
    {
        var state = StateAt(nowUtc);
        if (state != InvitationState.Open)
        {
            throw new DomainException($"The invitation is {state.ToString().ToLowerInvariant()}.");
        }

        AcceptedByUserId = userId;
        AcceptedAtUtc = nowUtc;
    }
}
