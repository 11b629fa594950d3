using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Organizations;

namespace ComputeMarket.Application.Tests.Organizations;

public sealed class OrganizationOverviewTests(SliceFixture fixture) : IClassFixture<SliceFixture>
{
    [Fact]
    public async Task A_member_sees_the_members_and_an_owner_also_sees_open_invitations()
    {
        var owner = await fixture.RegisterFounderAsync("owner@overview.example", "Overview Ltd");
        await fixture.Send(new CreateInvitation(owner.OrganizationId), owner.UserId);

        var overview = await fixture.Send(new GetOrganizationOverview(owner.OrganizationId), owner.UserId);

        Assert.True(overview.Succeeded);
        Assert.Equal("Overview Ltd", overview.Value.Name);
        Assert.Equal(MembershipRole.Owner, overview.Value.MyRole);
        var member = Assert.Single(overview.Value.Members);
        Assert.Equal("owner@overview.example", member.Email);
        Assert.Single(overview.Value.OpenInvitations);
    }

    [Fact]
    public async Task A_stranger_cannot_read_another_organization()
    {
        var owner = await fixture.RegisterFounderAsync("owner@private.example", "Private Ltd");
        var stranger = await fixture.RegisterFounderAsync("stranger@private.example", "Other Ltd");

        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetOrganizationOverview(owner.OrganizationId), stranger.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetOrganizationOverview(owner.OrganizationId))).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new GetOrganizationOverview(Guid.NewGuid()), owner.UserId)).Status);
    }

    [Fact]
    public async Task My_organizations_lists_only_my_own()
    {
        var mine = await fixture.RegisterFounderAsync("me@mine.example", "Mine Ltd");
        await fixture.RegisterFounderAsync("you@yours.example", "Yours Ltd");

        var list = await fixture.Send(new GetMyOrganizations(), mine.UserId);

        var only = Assert.Single(list);
        Assert.Equal(mine.OrganizationId, only.Id);
        Assert.Empty(await fixture.Send(new GetMyOrganizations()));
    }
}
