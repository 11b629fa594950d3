using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Organizations;

public abstract class RegisterAccountTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task Registering_founds_an_organization_owned_by_the_new_person()
    {
        var registered = await fixture.RegisterFounderAsync("founder@lanting.example", "Lanting AI Studio");

        var membership = await fixture.Query(db => db.Memberships.SingleAsync(m => m.UserId == registered.UserId));
        Assert.Equal(registered.OrganizationId, membership.OrganizationId);
        Assert.Equal(MembershipRole.Owner, membership.Role);
        var user = await fixture.Query(db => db.Users.SingleAsync(u => u.Id == registered.UserId));
        Assert.Equal("founder@lanting.example", user.Email);
        Assert.Equal("Li Buyer", user.DisplayName);
    }

    [DatabaseTheory]
    [InlineData("", "Email", "Enter your email address.")]
    [InlineData("not-an-email", "Email", "Enter a valid email address.")]
    public async Task A_bad_email_is_refused_with_a_field_message_and_nothing_is_written(string email, string field, string message)
    {
        var usersBefore = await fixture.Query(db => db.Users.CountAsync());

        var result = await fixture.Send(Accounts.Founder(email, "Some Company"));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(message, result.Errors[field]);
        Assert.Equal(usersBefore, await fixture.Query(db => db.Users.CountAsync()));
    }

    [DatabaseFact]
    public async Task A_missing_organization_name_is_refused()
    {
        var result = await fixture.Send(new RegisterAccount("nameless@example.com", Accounts.GoodPassword, "Nameless", "  "));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("Enter your organization's name.", result.Errors["OrganizationName"]);
        Assert.False(await fixture.Query(db => db.Users.AnyAsync(u => u.Email == "nameless@example.com")));
    }

    [DatabaseFact]
    public async Task A_weak_password_is_refused_by_the_password_rules_and_leaves_no_trace()
    {
        var result = await fixture.Send(new RegisterAccount("weak@example.com", "short1", "Weak", "Weak Password Ltd"));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains(result.Errors["Password"], m => m.Contains("at least 10 characters", StringComparison.Ordinal));
        Assert.False(await fixture.Query(db => db.Users.AnyAsync(u => u.Email == "weak@example.com")));
        Assert.False(await fixture.Query(db => db.Organizations.AnyAsync(o => o.Name == "Weak Password Ltd")));
    }

    [DatabaseFact]
    public async Task A_second_account_with_the_same_email_is_refused_and_founds_nothing()
    {
        await fixture.RegisterFounderAsync("twice@example.com", "First Company");

        var result = await fixture.Send(Accounts.Founder("twice@example.com", "Second Company"));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Contains("An account with this email address already exists.", result.Errors["Email"]);
        Assert.False(await fixture.Query(db => db.Organizations.AnyAsync(o => o.Name == "Second Company")));
    }

    [DatabaseFact]
    public async Task Registering_through_an_invitation_joins_that_organization_as_a_member()
    {
        var owner = await fixture.RegisterFounderAsync("owner@xiling.example", "Xiling Robotics");
        var invitation = (await fixture.Send(new CreateInvitation(owner.OrganizationId, Role: MembershipRole.Purchaser), owner.UserId)).Value;

        var joined = await fixture.Send(new RegisterAccount("colleague@xiling.example", Accounts.GoodPassword, "Chen", null, invitation.Token));

        Assert.True(joined.Succeeded, joined.Message);
        Assert.Equal(owner.OrganizationId, joined.Value.OrganizationId);
        var role = await fixture.Query(db => db.Memberships.Where(m => m.UserId == joined.Value.UserId).Select(m => m.Role).SingleAsync());
        Assert.Equal(MembershipRole.Purchaser, role);
        Assert.Equal(1, await fixture.Query(db => db.Organizations.CountAsync(o => o.Name == "Xiling Robotics")));
    }

    [DatabaseFact]
    public async Task An_expired_invitation_cannot_be_used_to_register()
    {
        var owner = await fixture.RegisterFounderAsync("owner@expired.example", "Expired Links Ltd");
        var invitation = (await fixture.Send(new CreateInvitation(owner.OrganizationId, ValidForDays: 1), owner.UserId)).Value;
        fixture.Clock.Advance(TimeSpan.FromDays(1));

        var result = await fixture.Send(new RegisterAccount("late@expired.example", Accounts.GoodPassword, "Late", null, invitation.Token));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.True(result.Errors.ContainsKey("InvitationToken"));
        Assert.False(await fixture.Query(db => db.Users.AnyAsync(u => u.Email == "late@expired.example")));
    }

    public sealed class OnSqlite(SliceFixture fixture) : RegisterAccountTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : RegisterAccountTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
