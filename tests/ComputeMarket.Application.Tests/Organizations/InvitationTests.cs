using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Organizations;

public abstract class InvitationTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task Only_the_hash_of_an_invitation_is_stored()
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Hash Only Ltd");

        var created = (await fixture.Send(new CreateInvitation(owner.OrganizationId), owner.UserId)).Value;

        var stored = await fixture.Query(db => db.Invitations.SingleAsync(i => i.Id == created.InvitationId));
        Assert.NotEqual(created.Token, stored.TokenHash);
        Assert.Equal(SecretToken.Hash(created.Token), stored.TokenHash);
        Assert.Equal(fixture.Clock.GetUtcNow().UtcDateTime.AddDays(7), stored.ExpiresAtUtc);
    }

    [DatabaseFact]
    public async Task Members_and_strangers_cannot_invite()
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Owners Only Ltd");
        var stranger = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@stranger.example", "Elsewhere Ltd");
        var link = (await fixture.Send(new CreateInvitation(owner.OrganizationId), owner.UserId)).Value;
        var member = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@member.example", "Member's Own Ltd");
        Assert.True((await fixture.Send(new AcceptInvitation(link.Token), member.UserId)).Succeeded);

        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new CreateInvitation(owner.OrganizationId), member.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new CreateInvitation(owner.OrganizationId), stranger.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new CreateInvitation(owner.OrganizationId))).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new CreateInvitation(Guid.NewGuid()), owner.UserId)).Status);
    }

    [DatabaseTheory]
    [InlineData(0)]
    [InlineData(31)]
    public async Task An_invitation_lasts_one_to_thirty_days(int days)
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Validity Ltd");

        var result = await fixture.Send(new CreateInvitation(owner.OrganizationId, days), owner.UserId);

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("An invitation is valid for 1 to 30 days.", result.Errors["ValidForDays"]);
        Assert.False(await fixture.Query(db => db.Invitations.AnyAsync(i => i.OrganizationId == owner.OrganizationId)));
    }

    [DatabaseFact]
    public async Task An_invitation_can_be_used_once()
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Single Use Ltd");
        var first = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@first.example", "First's Own Ltd");
        var second = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@second.example", "Second's Own Ltd");
        var link = (await fixture.Send(new CreateInvitation(owner.OrganizationId), owner.UserId)).Value;

        var accepted = await fixture.Send(new AcceptInvitation(link.Token), first.UserId);
        var again = await fixture.Send(new AcceptInvitation(link.Token), second.UserId);

        Assert.Equal(owner.OrganizationId, accepted.Value);
        Assert.Equal(ResultStatus.Conflict, again.Status);
        Assert.False(await fixture.Query(db => db.Memberships.AnyAsync(m => m.OrganizationId == owner.OrganizationId && m.UserId == second.UserId)));
        var view = await fixture.Send(new GetInvitation(link.Token), second.UserId);
        Assert.Equal(InvitationState.Accepted, view.Value.State);
    }

    [DatabaseFact]
    public async Task Two_people_racing_with_one_link_cannot_both_join()
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Race Ltd");
        var racers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            racers.Add((await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@racer.example", $"Racer {i} Ltd")).UserId);
        }

        var link = (await fixture.Send(new CreateInvitation(owner.OrganizationId), owner.UserId)).Value;

        var outcomes = await Task.WhenAll(racers.Select(racer => Task.Run(() => fixture.Send(new AcceptInvitation(link.Token), racer))));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(ResultStatus.Conflict, o.Status));
        Assert.Equal(2, await fixture.Query(db => db.Memberships.CountAsync(m => m.OrganizationId == owner.OrganizationId)));
    }

    [DatabaseFact]
    public async Task A_revoked_or_expired_link_no_longer_lets_anyone_in()
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Closed Door Ltd");
        var guest = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@guest.example", "Guest's Own Ltd");
        var revoked = (await fixture.Send(new CreateInvitation(owner.OrganizationId), owner.UserId)).Value;
        var expiring = (await fixture.Send(new CreateInvitation(owner.OrganizationId, ValidForDays: 2), owner.UserId)).Value;

        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new RevokeInvitation(owner.OrganizationId, revoked.InvitationId), guest.UserId)).Status);
        Assert.True((await fixture.Send(new RevokeInvitation(owner.OrganizationId, revoked.InvitationId), owner.UserId)).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(ResultStatus.Conflict, (await fixture.Send(new AcceptInvitation(revoked.Token), guest.UserId)).Status);
        Assert.Equal(ResultStatus.Conflict, (await fixture.Send(new AcceptInvitation(expiring.Token), guest.UserId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new AcceptInvitation("no-such-token"), guest.UserId)).Status);
        Assert.False(await fixture.Query(db => db.Memberships.AnyAsync(m => m.OrganizationId == owner.OrganizationId && m.UserId == guest.UserId)));
    }

    [DatabaseFact]
    public async Task An_anonymous_caller_cannot_accept()
    {
        var owner = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@owner.example", "Sign In First Ltd");
        var link = (await fixture.Send(new CreateInvitation(owner.OrganizationId), owner.UserId)).Value;

        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new AcceptInvitation(link.Token))).Status);
    }

    public sealed class OnSqlite(SliceFixture fixture) : InvitationTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : InvitationTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
