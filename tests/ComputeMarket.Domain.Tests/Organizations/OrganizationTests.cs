using ComputeMarket.Domain.Common;
using ComputeMarket.Domain.Organizations;

namespace ComputeMarket.Domain.Tests.Organizations;

public sealed class OrganizationTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Founding_an_organization_makes_its_founder_the_only_owner()
    {
        var organization = Organization.Found("  Lanting   AI Studio ", "user-1", Now);

        Assert.Equal("Lanting AI Studio", organization.Name);
        var membership = Assert.Single(organization.Memberships);
        Assert.Equal("user-1", membership.UserId);
        Assert.Equal(MembershipRole.Owner, membership.Role);
        Assert.False(organization.IsVerifiedProvider);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" x ")]
    public void A_name_that_is_too_short_is_refused(string name) =>
        Assert.Throws<DomainException>(() => Organization.Found(name, "user-1", Now));

    [Fact]
    public void A_name_that_is_too_long_is_refused() =>
        Assert.Throws<DomainException>(() => Organization.Found(new string('a', Organization.NameMaxLength + 1), "user-1", Now));

    [Fact]
    public void A_member_or_one_of_two_owners_leaves_but_the_only_owner_cannot()
    {
        var organization = Organization.Found("Xiling Robotics", "owner-1", Now);
        organization.AddMember("member-1", MembershipRole.Viewer, Now);
        organization.AddMember("owner-2", MembershipRole.Owner, Now);

        organization.RemoveMember("member-1");
        organization.RemoveMember("owner-1");

        Assert.True(organization.IsOnlyOwner("owner-2"));
        Assert.Throws<DomainException>(() => organization.RemoveMember("owner-2"));
        Assert.Equal(["owner-2"], organization.Memberships.Select(m => m.UserId));
    }

    [Fact]
    public void A_person_cannot_join_the_same_organization_twice()
    {
        var organization = Organization.Found("Xiling Robotics", "user-1", Now);

        Assert.Throws<DomainException>(() => organization.AddMember("user-1", MembershipRole.Viewer, Now));
    }

    [Fact]
    public void Only_an_owner_can_invite()
    {
        var organization = Organization.Found("Xiling Robotics", "owner", Now);
        organization.AddMember("member", MembershipRole.Purchaser, Now);

        Assert.Throws<DomainException>(() => organization.Invite("member", "hash", Now, TimeSpan.FromDays(7)));
        Assert.Throws<DomainException>(() => organization.Invite("stranger", "hash", Now, TimeSpan.FromDays(7)));
        Assert.NotNull(organization.Invite("owner", "hash", Now, TimeSpan.FromDays(7)));
    }

    [Fact]
    public void An_invitation_lasts_at_most_thirty_days()
    {
        var organization = Organization.Found("Xiling Robotics", "owner", Now);

        Assert.Throws<DomainException>(() => organization.Invite("owner", "hash", Now, TimeSpan.FromDays(31)));
        Assert.Throws<DomainException>(() => organization.Invite("owner", "hash", Now, TimeSpan.Zero));
    }

    [Fact]
    public void Accepting_an_invitation_adds_a_member_and_uses_the_invitation_up()
    {
        var organization = Organization.Found("Xiling Robotics", "owner", Now);
        var invitation = organization.Invite("owner", "hash", Now, TimeSpan.FromDays(7));

        var membership = organization.AcceptInvitation(invitation, "newcomer", Now.AddHours(1));

        Assert.Equal(MembershipRole.Viewer, membership.Role);
        Assert.Equal(InvitationState.Accepted, invitation.StateAt(Now.AddHours(2)));
        Assert.Throws<DomainException>(() => organization.AcceptInvitation(invitation, "someone-else", Now.AddHours(2)));
    }

    [Theory]
    [InlineData(MembershipRole.Viewer)]
    [InlineData(MembershipRole.Purchaser)]
    [InlineData(MembershipRole.Owner)]
    public void An_invitation_brings_the_newcomer_in_with_the_role_the_owner_chose(MembershipRole role)
    {
        var organization = Organization.Found("Xiling Robotics", "owner", Now);
        var invitation = organization.Invite("owner", "hash", Now, TimeSpan.FromDays(7), role);

        Assert.Equal(role, organization.AcceptInvitation(invitation, "newcomer", Now.AddHours(1)).Role);
        Assert.Throws<DomainException>(() => organization.Invite("owner", "hash", Now, TimeSpan.FromDays(7), (MembershipRole)7));
    }

    [Fact]
    public void Owners_change_roles_but_the_last_owner_cannot_step_down()
    {
        var organization = Organization.Found("Xiling Robotics", "owner", Now);
        organization.AddMember("member", MembershipRole.Viewer, Now);
        var version = organization.Version;

        Assert.Equal(MembershipRole.Viewer, organization.ChangeRole("owner", "member", MembershipRole.Purchaser));
        Assert.True(organization.Version > version);
        Assert.Throws<DomainException>(() => organization.ChangeRole("member", "owner", MembershipRole.Viewer));
        Assert.Throws<DomainException>(() => organization.ChangeRole("owner", "owner", MembershipRole.Purchaser));
        Assert.Throws<DomainException>(() => organization.ChangeRole("owner", "stranger", MembershipRole.Viewer));

        organization.ChangeRole("owner", "member", MembershipRole.Owner);
        Assert.Equal(MembershipRole.Owner, organization.ChangeRole("member", "owner", MembershipRole.Viewer));
        Assert.Equal([("member", MembershipRole.Owner), ("owner", MembershipRole.Viewer)], organization.Memberships.OrderBy(m => m.UserId).Select(m => (m.UserId, m.Role)));
    }

    [Fact]
    public void Authority_runs_viewer_purchaser_owner_whatever_the_stored_numbers()
    {
        Assert.True(MembershipRole.Owner.IsAtLeast(MembershipRole.Purchaser));
        Assert.True(MembershipRole.Purchaser.IsAtLeast(MembershipRole.Viewer));
        Assert.False(MembershipRole.Purchaser.IsAtLeast(MembershipRole.Owner));
        Assert.False(MembershipRole.Viewer.IsAtLeast(MembershipRole.Purchaser));
        Assert.False(((MembershipRole?)null).IsAtLeast(MembershipRole.Viewer));
    }

    [Fact]
    public void An_invitation_expires_at_its_deadline()
    {
        var organization = Organization.Found("Xiling Robotics", "owner", Now);
        var invitation = organization.Invite("owner", "hash", Now, TimeSpan.FromDays(7));

        Assert.Equal(InvitationState.Open, invitation.StateAt(Now.AddDays(7).AddTicks(-1)));
        Assert.Equal(InvitationState.Expired, invitation.StateAt(Now.AddDays(7)));
        Assert.Throws<DomainException>(() => organization.AcceptInvitation(invitation, "late", Now.AddDays(7)));
    }

    [Fact]
    public void A_revoked_invitation_cannot_be_accepted()
    {
        var organization = Organization.Found("Xiling Robotics", "owner", Now);
        var invitation = organization.Invite("owner", "hash", Now, TimeSpan.FromDays(7));

        invitation.Revoke(Now.AddMinutes(5));

        Assert.Equal(InvitationState.Revoked, invitation.StateAt(Now.AddMinutes(6)));
        Assert.Throws<DomainException>(() => organization.AcceptInvitation(invitation, "newcomer", Now.AddMinutes(6)));
        Assert.Throws<DomainException>(() => invitation.Revoke(Now.AddMinutes(7)));
    }

    [Fact]
    public void Every_change_moves_the_concurrency_version_forward()
    {
        var organization = Organization.Found("Huadong GPU Cloud", "owner", Now);
        var before = organization.Version;

        organization.VerifyAsProvider(Now);
        Assert.True(organization.IsVerifiedProvider);
        Assert.Equal(Now, organization.VerifiedAtUtc);
        Assert.True(organization.Version > before);

        var verified = organization.Version;
        organization.RevokeProviderVerification();
        Assert.False(organization.IsVerifiedProvider);
        Assert.True(organization.Version > verified);
    }
}
