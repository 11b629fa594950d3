namespace ComputeMarket.Domain.Organizations;

/// <summary>A person's place in an organization.</summary>
public sealed class Membership
{
    private Membership()
    {
    }

    internal Membership(Guid organizationId, string userId, MembershipRole role, DateTime joinedAtUtc)
    {
        OrganizationId = organizationId;
        UserId = userId;
        Role = role;
        JoinedAtUtc = joinedAtUtc;
    }

    public long Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string UserId { get; private set; } = "";

    public MembershipRole Role { get; private set; }

    public DateTime JoinedAtUtc { get; private set; }

    public bool IsOwner => Role == MembershipRole.Owner;

    internal void ChangeRole(MembershipRole role) => Role = role;
}
