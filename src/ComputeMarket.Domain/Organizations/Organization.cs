using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Organizations;

/// <summary>
/// The party that owns money and compute: a buyer, a provider, or both (product.md §2).
/// It may sell only once an administrator has verified it as a provider.
/// </summary>
public sealed class Organization
{
    public const int NameMinLength = 2;
    public const int NameMaxLength = 100;

    private readonly List<Membership> _memberships = [];
    private readonly List<Invitation> _invitations = [];

    private Organization()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public bool IsVerifiedProvider { get; private set; }

    public DateTime? VerifiedAtUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>Fen per calendar month; orders that would exceed it are refused. Null means no limit.</summary>
    public long? MonthlySpendingLimit { get; private set; }

    /// <summary>Fen; when the available wallet balance falls below it, members see a banner and a notification.</summary>
    public long? LowBalanceThreshold { get; private set; }

    /// <summary>Tokens this organization has delivered as a provider (maintained by settlement).</summary>
    public long DeliveredTokens { get; private set; }

    /// <summary>Disputes raised against this organization as a provider.</summary>
    public int DisputeCount { get; private set; }

    /// <summary>0–1000: share of allocations served without dispute, the catalog's "reliability" sort.</summary>
    public int ReliabilityScore { get; private set; } = 1000;

    /// <summary>Optimistic concurrency token, bumped on every change (SQLite has no rowversion).</summary>
    public long Version { get; private set; }

    public IReadOnlyCollection<Membership> Memberships => _memberships;

    public IReadOnlyCollection<Invitation> Invitations => _invitations;

    /// <summary>Founds an organization; the person who founds it becomes its first owner.</summary>
    public static Organization Found(string name, string ownerUserId, DateTime nowUtc)
    {
        var organization = new Organization
        {
            Id = Guid.NewGuid(),
            Name = NormalizeName(name),
            CreatedAtUtc = nowUtc,
        };
        organization.AddMember(ownerUserId, MembershipRole.Owner, nowUtc);
        return organization;
    }

    public static string NormalizeName(string name)
    {
        var trimmed = string.Join(' ', (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (trimmed.Length is < NameMinLength or > NameMaxLength)
        {
            throw new DomainException($"An organization name has {NameMinLength} to {NameMaxLength} characters.");
        }

        return trimmed;
    }

    public bool HasMember(string userId) => _memberships.Any(m => m.UserId == userId);

    public Membership AddMember(string userId, MembershipRole role, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new DomainException("A membership needs a person.");
        }

        if (HasMember(userId))
        {
            throw new DomainException("This person is already a member of the organization.");
        }

        var membership = new Membership(Id, userId, role, nowUtc);
        _memberships.Add(membership);
        Touch();
        return membership;
    }

    /// <summary>Whether this person is the organization's only owner (nobody else could act for it).</summary>
    public bool IsOnlyOwner(string userId) =>
        _memberships.Any(m => m.UserId == userId && m.IsOwner) && _memberships.Count(m => m.IsOwner) == 1;

    /// <summary>A person leaves the organization. Its only owner cannot: the organization would have nobody to act for it.</summary>
    public void RemoveMember(string userId)
    {
        var membership = _memberships.SingleOrDefault(m => m.UserId == userId)
            ?? throw new DomainException("This person is not a member of the organization.");
        if (IsOnlyOwner(userId))
        {
            throw new DomainException("The only owner of an organization cannot leave it.");
        }

        _memberships.Remove(membership);
        Touch();
    }

    /// <summary>Issues an invitation to join in <paramref name="role"/>; the caller keeps its secret, only its hash is stored.</summary>
    public Invitation Invite(string invitedByUserId, string tokenHash, DateTime nowUtc, TimeSpan validFor, MembershipRole role = MembershipRole.Viewer)
    {
        if (!Enum.IsDefined(role))
        {
            throw new DomainException("Choose owner, purchaser or viewer.");
        }

        var inviter = _memberships.SingleOrDefault(m => m.UserId == invitedByUserId);
        if (inviter is not { IsOwner: true })
        {
            throw new DomainException("Only an owner can invite members.");
        }

        if (validFor <= TimeSpan.Zero || validFor > Invitation.LongestValidity)
        {
            throw new DomainException($"An invitation is valid for up to {Invitation.LongestValidity.TotalDays} days.");
        }

        var invitation = new Invitation(Id, tokenHash, invitedByUserId, nowUtc, nowUtc + validFor, role);
        _invitations.Add(invitation);
        return invitation;
    }

    /// <summary>Turns an open invitation into a membership for the person accepting it.</summary>
    public Membership AcceptInvitation(Invitation invitation, string userId, DateTime nowUtc)
    {
        if (invitation.OrganizationId != Id)
        {
            throw new DomainException("The invitation belongs to another organization.");
        }

        invitation.MarkAccepted(userId, nowUtc);
        return AddMember(userId, invitation.Role, nowUtc);
    }

    /// <summary>
    /// An owner gives a member another role. The organization always keeps an owner, so the last one cannot step
    /// down. Returns the role the member had.
    /// </summary>
    public MembershipRole ChangeRole(string changedByUserId, string memberUserId, MembershipRole role)
    {
        if (!Enum.IsDefined(role))
        {
            throw new DomainException("Choose owner, purchaser or viewer.");
        }

        if (_memberships.SingleOrDefault(m => m.UserId == changedByUserId) is not { IsOwner: true })
        {
            throw new DomainException("Only an owner can change roles.");
        }

        var member = _memberships.SingleOrDefault(m => m.UserId == memberUserId)
            ?? throw new DomainException("This person is not a member of the organization.");
        var before = member.Role;
        if (before == MembershipRole.Owner && role != MembershipRole.Owner && _memberships.Count(m => m.IsOwner) == 1)
        {
            throw new DomainException("An organization keeps at least one owner: make someone else an owner first.");
        }

        if (before != role)
        {
            member.ChangeRole(role);
            Touch();
        }

        return before;
    }

    public void SetSpendingControls(long? monthlyLimit, long? lowBalanceThreshold)
    {
        if (monthlyLimit < 0 || lowBalanceThreshold < 0)
        {
            throw new DomainException("Limits are never negative.");
        }

        MonthlySpendingLimit = monthlyLimit;
        LowBalanceThreshold = lowBalanceThreshold;
        Touch();
    }

    /// <summary>Records a provider's delivery record (settlement and dispute handling maintain it; the demo seeds it).</summary>
    public void RecordDelivery(long deliveredTokens, int disputes, int reliabilityScore)
    {
        if (deliveredTokens < 0 || disputes < 0 || reliabilityScore is < 0 or > 1000)
        {
            throw new DomainException("A delivery record is never negative, and reliability is 0 to 1000.");
        }

        DeliveredTokens = deliveredTokens;
        DisputeCount = disputes;
        ReliabilityScore = reliabilityScore;
        Touch();
    }

    public void VerifyAsProvider(DateTime nowUtc)
    {
        IsVerifiedProvider = true;
        VerifiedAtUtc = nowUtc;
        Touch();
    }

    public void RevokeProviderVerification()
    {
        IsVerifiedProvider = false;
        VerifiedAtUtc = null;
        Touch();
    }

    private void Touch() => Version++;
}
