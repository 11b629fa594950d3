using System.Net;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>Owner, purchaser and viewer on the pages: what each sees, and what the pages refuse.</summary>
public sealed class RoleTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> BuyerOrganizationAsync() =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync());

    private Task<string> UserIdAsync(string email) =>
        factory.WithDatabase(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task A_viewer_sees_the_wallet_without_the_top_up_form_and_cannot_buy_or_top_up_by_posting()
    {
        var organization = await BuyerOrganizationAsync();
        var offer = await factory.WithDatabase(db => db.Offers.Where(o => o.Status == OfferStatus.Active).Select(o => o.Id).FirstAsync());
        var viewer = Browser.For(factory);
        await viewer.SignInAsync(DemoSeeder.BuyerColleague.Email);
        var purchaser = Browser.For(factory);
        await purchaser.SignInAsync(DemoSeeder.BuyerPurchaser.Email);
        var topUps = await factory.WithDatabase(db => db.TopUps.CountAsync());

        var viewerWallet = await viewer.GetPageAsync($"/org/{organization}/wallet");
        var purchaserWallet = await purchaser.GetPageAsync($"/org/{organization}/wallet");
        var viewerOffer = await viewer.GetPageAsync($"/market/offers/{offer}");
        var refusedTopUp = await viewer.SubmitAsync($"/org/{organization}/wallet", new Dictionary<string, string> { ["TopUp.Amount"] = "100.00" }, $"/org/{organization}/wallet?handler=TopUp");

        Assert.Contains("data-testid=\"viewer-note\"", viewerWallet, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"request-top-up\"", viewerWallet, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"request-top-up\"", purchaserWallet, StringComparison.Ordinal);
        Assert.Contains("You belong to no organization that can buy this offer.", viewerOffer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refusedTopUp.StatusCode);
        Assert.Equal(topUps, await factory.WithDatabase(db => db.TopUps.CountAsync()));
    }

    [Fact]
    public async Task An_owner_invites_a_purchaser_and_changes_a_members_role_on_the_organization_page()
    {
        var organization = await BuyerOrganizationAsync();
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);
        var viewerId = await UserIdAsync(DemoSeeder.BuyerColleague.Email);

        var invited = await owner.SubmitAsync($"/org/{organization}", new Dictionary<string, string> { ["Input.ValidForDays"] = "3", ["Input.Role"] = "Purchaser" }, $"/org/{organization}?handler=Invite");
        var changed = await owner.SubmitAsync($"/org/{organization}", new Dictionary<string, string> { ["Role"] = "Purchaser" }, $"/org/{organization}?handler=ChangeRole&memberUserId={viewerId}");
        var page = await owner.GetPageAsync($"/org/{organization}");
        var restored = await owner.SubmitAsync($"/org/{organization}", new Dictionary<string, string> { ["Role"] = "Viewer" }, $"/org/{organization}?handler=ChangeRole&memberUserId={viewerId}");

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        Assert.Equal(MembershipRole.Purchaser, await factory.WithDatabase(db => db.Invitations.Where(i => i.OrganizationId == organization).OrderByDescending(i => i.CreatedAtUtc).Select(i => i.Role).FirstAsync()));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("The role is changed.", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"change-role\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal(MembershipRole.Viewer, await factory.WithDatabase(db => db.Memberships.Where(m => m.UserId == viewerId && m.OrganizationId == organization).Select(m => m.Role).SingleAsync()));
    }

    [Fact]
    public async Task The_only_owner_stepping_down_is_told_why_and_stays_owner()
    {
        var organization = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.SecondBuyerOrganization).Select(o => o.Id).SingleAsync());
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.SecondBuyer.Email);
        var ownerId = await UserIdAsync(DemoSeeder.SecondBuyer.Email);

        var refused = await owner.SubmitAsync($"/org/{organization}", new Dictionary<string, string> { ["Role"] = "Viewer" }, $"/org/{organization}?handler=ChangeRole&memberUserId={ownerId}");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("An organization keeps at least one owner", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(MembershipRole.Owner, await factory.WithDatabase(db => db.Memberships.Where(m => m.UserId == ownerId && m.OrganizationId == organization).Select(m => m.Role).SingleAsync()));
    }

    [Fact]
    public async Task Only_owners_of_a_provider_open_the_listing_editor()
    {
        var provider = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync());
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Provider.Email);
        var link = await owner.SubmitAsync($"/org/{provider}", new Dictionary<string, string> { ["Input.ValidForDays"] = "3", ["Input.Role"] = "Purchaser" }, $"/org/{provider}?handler=Invite");
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        var invitation = await factory.WithDatabase(db => db.Invitations.Where(i => i.OrganizationId == provider).OrderByDescending(i => i.CreatedAtUtc).FirstAsync());
        var purchaserId = await UserIdAsync(DemoSeeder.SecondBuyer.Email);
        await factory.WithDatabase(async db =>
        {
            var organization = await db.Organizations.Include(o => o.Memberships).SingleAsync(o => o.Id == provider);
            if (!organization.HasMember(purchaserId))
            {
                organization.AcceptInvitation(await db.Invitations.SingleAsync(i => i.Id == invitation.Id), purchaserId, DateTime.UtcNow);
            }

            return await db.SaveChangesAsync();
        });
        var member = Browser.For(factory);
        await member.SignInAsync(DemoSeeder.SecondBuyer.Email);

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/org/{provider}/listings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/org/{provider}/listings/new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/org/{provider}/listings/new")).StatusCode);
    }
}
