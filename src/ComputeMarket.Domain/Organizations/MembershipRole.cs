namespace ComputeMarket.Domain.Organizations;

/// <summary>
/// What a person may do in an organization. The numbers are what is stored (a member from before purchasers existed
/// is a viewer); the order of authority is <see cref="MembershipRoles.Rank"/>, not the number.
/// </summary>
public enum MembershipRole
{
    /// <summary>Reads the organization, its wallet, statements, allocations and listings; changes nothing.</summary>
    Viewer = 0,

    /// <summary>Everything: members and invitations, spending controls, listings and packages, payouts, and all a purchaser does.</summary>
    Owner = 1,

    /// <summary>What a viewer does, and buys (orders and packages), cancels allocations and requests top-ups.</summary>
    Purchaser = 2,
}

public static class MembershipRoles
{
    /// <summary>Viewer 0, Purchaser 1, Owner 2.</summary>
    public static int Rank(this MembershipRole role) => role switch
    {
        MembershipRole.Owner => 2,
        MembershipRole.Purchaser => 1,
        _ => 0,
    };

    public static bool IsAtLeast(this MembershipRole role, MembershipRole minimum) => role.Rank() >= minimum.Rank();

    public static bool IsAtLeast(this MembershipRole? role, MembershipRole minimum) => role is { } held && held.IsAtLeast(minimum);
}
