using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Organizations;

/// <summary>Owner, purchaser and viewer: what each may do, enforced by the use cases themselves.</summary>
public abstract class RoleTests(SliceFixture fixture)
{
    /// <summary>A buyer organization with money, a listing to buy from with one package, and a member in <paramref name="role"/>.</summary>
    private async Task<(Trader Owner, string Member, Guid Offer, Guid Package)> OrganizationWithAsync(MembershipRole role)
    {
        var owner = await fixture.BuyerAsync($"Roles {role} {Guid.NewGuid():N}"[..30], 1_000_00);
        var provider = await fixture.ProviderAsync($"Role Seller {Guid.NewGuid():N}"[..30]);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer());
        var package = (await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "Roles package", 10_000_000, "9.90", 30, PackageExpiryRule.Refund), provider.UserId)).Value;
        var link = (await fixture.Send(new CreateInvitation(owner.OrganizationId, Role: role), owner.UserId)).Value;
        var member = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@member.example", $"Member Home {Guid.NewGuid():N}"[..30]);
        Assert.True((await fixture.Send(new AcceptInvitation(link.Token), member.UserId)).Succeeded);
        return (owner, member.UserId, offer, package);
    }

    private Task<int> RowsWrittenAsync(Guid organization) => fixture.Query(async db =>
        await db.Allocations.CountAsync(a => a.BuyerOrganizationId == organization)
        + await db.TopUps.CountAsync(t => t.OrganizationId == organization)
        + await db.Invitations.CountAsync(i => i.OrganizationId == organization));

    [DatabaseFact]
    public async Task A_viewer_reads_the_organization_but_cannot_buy_cancel_top_up_invite_or_change_roles()
    {
        var (owner, viewer, offer, package) = await OrganizationWithAsync(MembershipRole.Viewer);
        var ordered = await fixture.Send(new PlaceOrder(owner.OrganizationId, offer, 2_000_000), owner.UserId);
        var written = await RowsWrittenAsync(owner.OrganizationId);

        Assert.True((await fixture.Send(new GetWallet(owner.OrganizationId), viewer)).Succeeded);
        Assert.True((await fixture.Send(new GetAllocations(owner.OrganizationId), viewer)).Succeeded);
        Assert.False((await fixture.Send(new GetWallet(owner.OrganizationId), viewer)).Value.ICanPurchase);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new PlaceOrder(owner.OrganizationId, offer, 2_000_000), viewer)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new BuyPackage(owner.OrganizationId, package), viewer)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new CancelAllocation(owner.OrganizationId, ordered.Value.AllocationId), viewer)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new RequestTopUp(owner.OrganizationId, "100.00"), viewer)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new CreateInvitation(owner.OrganizationId), viewer)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new ChangeMemberRole(owner.OrganizationId, viewer, MembershipRole.Owner), viewer)).Status);
        Assert.Equal(written, await RowsWrittenAsync(owner.OrganizationId));
        Assert.DoesNotContain((await fixture.Send(new GetOffer(offer), viewer)).Value.MyBuyerOrganizations, o => o.Id == owner.OrganizationId);
    }

    [DatabaseFact]
    public async Task A_purchaser_buys_cancels_and_tops_up_but_cannot_invite_set_limits_or_change_roles()
    {
        var (owner, purchaser, offer, package) = await OrganizationWithAsync(MembershipRole.Purchaser);

        var ordered = await fixture.Send(new PlaceOrder(owner.OrganizationId, offer, 2_000_000), purchaser);
        var bought = await fixture.Send(new BuyPackage(owner.OrganizationId, package), purchaser);

        Assert.True(ordered.Succeeded, ordered.Message);
        Assert.True(bought.Succeeded, bought.Message);
        Assert.True((await fixture.Send(new CancelAllocation(owner.OrganizationId, ordered.Value.AllocationId), purchaser)).Succeeded);
        Assert.True((await fixture.Send(new RequestTopUp(owner.OrganizationId, "100.00"), purchaser)).Succeeded);
        Assert.Contains((await fixture.Send(new GetOffer(offer), purchaser)).Value.MyBuyerOrganizations, o => o.Id == owner.OrganizationId);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new CreateInvitation(owner.OrganizationId), purchaser)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new SetSpendingControls(owner.OrganizationId, "10.00", null), purchaser)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new ChangeMemberRole(owner.OrganizationId, purchaser, MembershipRole.Owner), purchaser)).Status);
    }

    [DatabaseFact]
    public async Task Only_owners_change_listings_while_every_member_of_a_provider_reads_them()
    {
        var provider = await fixture.ProviderAsync($"Listing Roles {Guid.NewGuid():N}"[..30]);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer());
        var link = (await fixture.Send(new CreateInvitation(provider.OrganizationId, Role: MembershipRole.Purchaser), provider.UserId)).Value;
        var member = await fixture.RegisterFounderAsync($"{Guid.NewGuid():N}@member.example", $"Seller Home {Guid.NewGuid():N}"[..30]);
        Assert.True((await fixture.Send(new AcceptInvitation(link.Token), member.UserId)).Succeeded);

        Assert.True((await fixture.Send(new GetMyListings(provider.OrganizationId), member.UserId)).Succeeded);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new SaveOffer(provider.OrganizationId, null, fixture.AnOffer()), member.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetListingForm(provider.OrganizationId, offer), member.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new ChangeOfferStatus(provider.OrganizationId, offer, OfferAction.Pause), member.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "Not mine", 10_000_000, "9.90", 30, PackageExpiryRule.Refund), member.UserId)).Status);
        Assert.Equal(1, await fixture.Query(db => db.Offers.CountAsync(o => o.ProviderOrganizationId == provider.OrganizationId)));
    }

    [DatabaseFact]
    public async Task An_owner_changes_a_role_the_change_is_audited_and_the_last_owner_cannot_step_down()
    {
        var (owner, member, _, _) = await OrganizationWithAsync(MembershipRole.Viewer);

        var promoted = await fixture.Send(new ChangeMemberRole(owner.OrganizationId, member, MembershipRole.Purchaser), owner.UserId);
        var lastOwner = await fixture.Send(new ChangeMemberRole(owner.OrganizationId, owner.UserId, MembershipRole.Viewer), owner.UserId);

        Assert.True(promoted.Succeeded, promoted.Message);
        Assert.Equal(ResultStatus.Invalid, lastOwner.Status);
        Assert.Contains("at least one owner", lastOwner.Errors[""][0], StringComparison.Ordinal);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new ChangeMemberRole(owner.OrganizationId, "nobody", MembershipRole.Viewer), owner.UserId)).Status);
        var roles = await fixture.Query(db => db.Memberships.Where(m => m.OrganizationId == owner.OrganizationId).ToDictionaryAsync(m => m.UserId, m => m.Role));
        Assert.Equal(MembershipRole.Purchaser, roles[member]);
        Assert.Equal(MembershipRole.Owner, roles[owner.UserId]);
        Assert.True(await fixture.Query(db => db.AuditEntries.AnyAsync(a => a.Action == "Organization.ChangeMemberRole" && a.Subject == $"organization:{owner.OrganizationId}")));
    }

    [DatabaseFact]
    public async Task Two_owners_stepping_down_at_once_leave_the_organization_an_owner()
    {
        var (owner, second, _, _) = await OrganizationWithAsync(MembershipRole.Owner);

        var outcomes = await Concurrently.RaceAsync(2, i => i == 0
            ? fixture.Send(new ChangeMemberRole(owner.OrganizationId, owner.UserId, MembershipRole.Viewer), owner.UserId)
            : fixture.Send(new ChangeMemberRole(owner.OrganizationId, second, MembershipRole.Viewer), second));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.Single(outcomes, o => o.Status is ResultStatus.Conflict or ResultStatus.Invalid or ResultStatus.Forbidden);
        Assert.Equal(1, await fixture.Query(db => db.Memberships.CountAsync(m => m.OrganizationId == owner.OrganizationId && m.Role == MembershipRole.Owner)));
    }

    public sealed class OnSqlite(SliceFixture fixture) : RoleTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : RoleTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
