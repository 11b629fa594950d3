using System.Net;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>Who may open which page: anonymous people sign in first, members stay inside their organization.</summary>
public sealed class AccessTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> OrganizationIdAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/admin/jobs")]
    [InlineData("/hangfire")]
    public async Task An_anonymous_visitor_is_sent_to_sign_in(string path)
    {
        var response = await Browser.For(factory).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_for_an_organization_page()
    {
        var organization = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);

        var response = await Browser.For(factory).GetAsync($"/org/{organization}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_opens_their_own_organization_but_gets_403_for_another()
    {
        var own = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var other = await OrganizationIdAsync(DemoSeeder.SecondBuyerOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.BuyerColleague.Email);

        var ownPage = await browser.GetPageAsync($"/org/{own}");
        var otherResponse = await browser.GetAsync($"/org/{other}");
        var unknownResponse = await browser.GetAsync($"/org/{Guid.NewGuid()}");

        Assert.Contains(DemoSeeder.FirstBuyerOrganization, ownPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherResponse.StatusCode);
        var otherPage = await otherResponse.Content.ReadAsStringAsync();
        Assert.Contains("You may not open this page", otherPage, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoSeeder.SecondBuyerOrganization, otherPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, unknownResponse.StatusCode);
    }

    [Fact]
    public async Task A_member_who_is_not_an_owner_does_not_see_the_invitation_form_and_cannot_post_it()
    {
        var own = await OrganizationIdAsync(DemoSeeder.FirstBuyerOrganization);
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.BuyerColleague.Email);

        var page = await browser.GetPageAsync($"/org/{own}");
        var post = await browser.SubmitAsync($"/org/{own}", new Dictionary<string, string> { ["Input.ValidForDays"] = "7" }, $"/org/{own}?handler=Invite");

        Assert.DoesNotContain("Invite a member", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.False(await factory.WithDatabase(db => db.Invitations.AnyAsync(i => i.OrganizationId == own)));
    }

    [Theory]
    [InlineData("/admin/jobs")]
    [InlineData("/hangfire")]
    public async Task Administration_is_closed_to_buyers_providers_and_auditors(string path)
    {
        foreach (var email in new[] { DemoSeeder.Buyer.Email, DemoSeeder.Provider.Email, DemoSeeder.Auditor.Email })
        {
            var browser = Browser.For(factory);
            await browser.SignInAsync(email);

            var response = await browser.GetAsync(path);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("/admin/jobs", "Background jobs")]
    [InlineData("/hangfire", "ComputeMarket jobs")]
    public async Task An_administrator_opens_the_administration_pages(string path, string text)
    {
        var browser = Browser.For(factory);
        await browser.SignInAsync(ComputeMarketFactory.AdminEmail);

        var page = await browser.GetPageAsync(path);

        Assert.Contains(text, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_navigation_shows_administration_only_to_administrators()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);

        Assert.Contains("Administration", await admin.GetPageAsync("/dashboard"), StringComparison.Ordinal);
        var buyerPage = await buyer.GetPageAsync("/dashboard");
        Assert.DoesNotContain("Administration", buyerPage, StringComparison.Ordinal);
        Assert.Contains(DemoSeeder.FirstBuyerOrganization, buyerPage, StringComparison.Ordinal);
    }
}
