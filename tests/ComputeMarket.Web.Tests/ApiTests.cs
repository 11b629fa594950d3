using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>The API answers with RFC 7807 problem details for every failure, never a redirect or a 500.</summary>
public sealed class ApiTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> BuyerOrganizationAsync() =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync());

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    [Fact]
    public async Task Invalid_input_gets_400_problem_details_naming_the_field_and_writes_nothing()
    {
        var organization = await BuyerOrganizationAsync();
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/organizations/{organization}/invitations", new { validForDays = 0 });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("An invitation is valid for 1 to 30 days.", problem.GetProperty("errors").GetProperty("validForDays")[0].GetString());
        Assert.False(await factory.WithDatabase(db => db.Invitations.AnyAsync(i => i.OrganizationId == organization)));
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_400_problem_details()
    {
        var organization = await BuyerOrganizationAsync();
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);

        var response = await owner.Client.PostAsync($"/api/v1/organizations/{organization}/invitations", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));

        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_anonymous_caller_gets_401_problem_details_not_a_redirect()
    {
        var organization = await BuyerOrganizationAsync();

        var response = await Browser.For(factory).Client.GetAsync($"/api/v1/organizations/{organization}");

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_viewer_reads_their_organization_but_cannot_invite_and_an_outsider_cannot_read()
    {
        var organization = await BuyerOrganizationAsync();
        var member = Browser.For(factory);
        await member.SignInAsync(DemoSeeder.BuyerColleague.Email);
        var outsider = Browser.For(factory);
        await outsider.SignInAsync(DemoSeeder.SecondBuyer.Email);

        var read = await member.Client.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{organization}");
        var invite = await member.Client.PostAsJsonAsync($"/api/v1/organizations/{organization}/invitations", new { validForDays = 7 });
        var peek = await outsider.Client.GetAsync($"/api/v1/organizations/{organization}");

        Assert.Equal(DemoSeeder.FirstBuyerOrganization, read.GetProperty("name").GetString());
        Assert.Equal("Viewer", read.GetProperty("myRole").GetString());
        await ProblemAsync(invite, HttpStatusCode.Forbidden);
        await ProblemAsync(peek, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_owner_creates_an_invitation_and_gets_its_link_once()
    {
        var organization = await BuyerOrganizationAsync();
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/organizations/{organization}/invitations", new { validForDays = 2 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("/invitations/[A-Za-z0-9_-]{43}$", body.GetProperty("link").GetString()!);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime.AddDays(2), body.GetProperty("expiresAtUtc").GetDateTime());
    }
}
