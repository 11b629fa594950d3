using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>Registering, signing in, lockout, and joining through an invitation link, over HTTP.</summary>
public sealed class AccountTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private static Dictionary<string, string> Registration(string email, string organization, string password = "correct-horse-42") => new()
    {
        ["Input.OrganizationName"] = organization,
        ["Input.DisplayName"] = "Sun Founder",
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };

    [Fact]
    public async Task Registering_signs_the_founder_in_and_shows_the_new_organization_on_the_dashboard()
    {
        var browser = Browser.For(factory);

        var response = await browser.SubmitAsync("/Identity/Account/Register", Registration("sun@qiming.example", "Qiming Compute"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location!.ToString());
        var dashboard = await browser.GetPageAsync("/dashboard");
        Assert.Contains("Qiming Compute", dashboard, StringComparison.Ordinal);
        Assert.Contains("Owner", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_registration_input_shows_field_messages_on_the_page_and_writes_nothing()
    {
        var browser = Browser.For(factory);
        var fields = Registration("not-an-email", "", "short");

        var response = await browser.SubmitAsync("/Identity/Account/Register", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Enter a valid email address.", page, StringComparison.Ordinal);
        Assert.Contains("Enter your organization's name.", page, StringComparison.Ordinal);
        Assert.False(await factory.WithDatabase(db => db.Users.AnyAsync(u => u.Email == "not-an-email")));
    }

    [Fact]
    public async Task Registering_an_email_that_is_taken_says_so_and_founds_nothing()
    {
        var response = await Browser.For(factory).SubmitAsync("/Identity/Account/Register", Registration(DemoSeeder.Buyer.Email, "Duplicate Ltd"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("An account with this email address already exists.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(await factory.WithDatabase(db => db.Organizations.AnyAsync(o => o.Name == "Duplicate Ltd")));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var email = "locked@qiming.example";
        await Browser.For(factory).SubmitAsync("/Identity/Account/Register", Registration(email, "Lockout Ltd"));
        var browser = Browser.For(factory);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await browser.SubmitAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "wrong-password-1" });
            Assert.NotEqual("/dashboard", wrong.Headers.Location?.ToString());
        }

        var right = await browser.SubmitAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "correct-horse-42" });

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("Lockout", right.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.True(await factory.WithDatabase(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd != null).SingleAsync()));
    }

    [Fact]
    public async Task A_wrong_password_shows_one_message_that_does_not_say_which_part_was_wrong()
    {
        var response = await Browser.For(factory).SubmitAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = DemoSeeder.SecondBuyer.Email, ["Input.Password"] = "not-the-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email address or the password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invited_person_registers_through_the_link_and_becomes_a_member()
    {
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.SecondBuyer.Email);
        var organization = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.SecondBuyerOrganization).Select(o => o.Id).SingleAsync());
        var created = await owner.Client.PostAsJsonAsync($"/api/v1/organizations/{organization}/invitations", new { validForDays = 3, role = "Purchaser" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var link = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("link").GetString()!);
        var token = link.AbsolutePath["/invitations/".Length..];

        var landing = await Browser.For(factory).GetPageAsync(link.AbsolutePath);
        var newcomer = Browser.For(factory);
        var registered = await newcomer.SubmitAsync($"/Identity/Account/Register?invitation={token}", new Dictionary<string, string>
        {
            ["invitation"] = token,
            ["Input.DisplayName"] = "Zhao Newcomer",
            ["Input.Email"] = "zhao@xiling.example",
            ["Input.Password"] = "correct-horse-42",
            ["Input.ConfirmPassword"] = "correct-horse-42",
        });

        Assert.Contains(DemoSeeder.SecondBuyerOrganization, landing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal($"/org/{organization}", registered.Headers.Location!.ToString());
        Assert.Contains("Zhao Newcomer", await newcomer.GetPageAsync($"/org/{organization}"), StringComparison.Ordinal);
        var role = await factory.WithDatabase(db => db.Memberships
            .Where(m => m.OrganizationId == organization)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.Role, u.Email })
            .Where(x => x.Email == "zhao@xiling.example").Select(x => x.Role).SingleAsync());
        Assert.Equal(MembershipRole.Purchaser, role);
    }

    [Fact]
    public async Task A_signed_in_person_accepts_an_invitation_on_its_page()
    {
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Provider.Email);
        var organization = await factory.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync());
        var invite = await owner.SubmitAsync($"/org/{organization}", new Dictionary<string, string> { ["Input.ValidForDays"] = "7" }, $"/org/{organization}?handler=Invite");
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);
        var shownOnce = await owner.GetPageAsync($"/org/{organization}");
        var link = System.Text.RegularExpressions.Regex.Match(shownOnce, "/invitations/([A-Za-z0-9_-]+)").Value;
        Assert.NotEmpty(link);
        Assert.DoesNotContain(link, await owner.GetPageAsync($"/org/{organization}"), StringComparison.Ordinal);

        var guest = Browser.For(factory);
        await guest.SignInAsync(DemoSeeder.Buyer.Email);
        var accepted = await guest.SubmitAsync(link, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal($"/org/{organization}", accepted.Headers.Location!.ToString());
        Assert.Contains(DemoSeeder.ProviderOrganization, await guest.GetPageAsync($"/org/{organization}"), StringComparison.Ordinal);
    }
}
