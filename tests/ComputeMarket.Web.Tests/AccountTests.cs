using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Identity;
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
    public async Task Registering_mails_a_confirmation_link_and_the_confirmed_founder_signs_in_to_the_new_organization()
    {
        var browser = Browser.For(factory);

        var response = await browser.SubmitAsync("/Identity/Account/Register", Registration("sun@qiming.example", "Qiming Compute"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/RegisterConfirmation", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("Check your email to continue", await browser.GetPageAsync(response.Headers.Location!.ToString()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.TrySignInAsync("sun@qiming.example", "correct-horse-42")).StatusCode);

        Assert.Contains("Thank you for confirming", await browser.GetPageAsync(factory.Mail.ConfirmationLink("sun@qiming.example")), StringComparison.Ordinal);
        await browser.SignInAsync("sun@qiming.example", "correct-horse-42");
        var dashboard = await browser.GetPageAsync("/dashboard");
        Assert.Contains("Qiming Compute", dashboard, StringComparison.Ordinal);
        Assert.Contains("Owner", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unconfirmed_account_with_the_right_password_is_told_to_confirm_and_gets_a_new_link()
    {
        await Browser.For(factory).SubmitAsync("/Identity/Account/Register", Registration("unconfirmed@qiming.example", "Unconfirmed Ltd"));
        var before = factory.Mail.To("unconfirmed@qiming.example").Count;

        var response = await Browser.For(factory).TrySignInAsync("unconfirmed@qiming.example", "correct-horse-42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Confirm your email address first", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before + 1, factory.Mail.To("unconfirmed@qiming.example").Count);
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
    public async Task Registering_a_taken_email_answers_as_for_a_new_one_founds_nothing_and_tells_the_owner_by_mail()
    {
        var taken = await Browser.For(factory).SubmitAsync("/Identity/Account/Register", Registration(DemoSeeder.Buyer.Email, "Duplicate Ltd"));
        var fresh = await Browser.For(factory).SubmitAsync("/Identity/Account/Register", Registration("fresh@qiming.example", "Fresh Ltd"));

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal("/Identity/Account/RegisterConfirmation", taken.Headers.Location!.AbsolutePathOf());
        Assert.Equal(fresh.Headers.Location!.AbsolutePathOf(), taken.Headers.Location!.AbsolutePathOf());
        Assert.False(await factory.WithDatabase(db => db.Organizations.AnyAsync(o => o.Name == "Duplicate Ltd")));
        Assert.Contains(factory.Mail.To(DemoSeeder.Buyer.Email), m => m.Subject.Contains("tried to create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_weak_password_is_refused_the_same_way_for_a_taken_and_a_new_email()
    {
        var taken = await Browser.For(factory).SubmitAsync("/Identity/Account/Register", Registration(DemoSeeder.SecondBuyer.Email, "Weak One Ltd", "aaaaaaaaaa"));
        var fresh = await Browser.For(factory).SubmitAsync("/Identity/Account/Register", Registration("weak@qiming.example", "Weak Two Ltd", "aaaaaaaaaa"));

        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        var takenPage = WebUtility.HtmlDecode(await taken.Content.ReadAsStringAsync());
        Assert.DoesNotContain(IdentityMessages.EmailTaken, takenPage, StringComparison.Ordinal);
        Assert.Equal(ValidationMessages(WebUtility.HtmlDecode(await fresh.Content.ReadAsStringAsync())), ValidationMessages(takenPage));
    }

    [Theory]
    [InlineData("buyer@computemarket.demo")]
    [InlineData("nobody-here@qiming.example")]
    public async Task The_register_confirmation_page_answers_the_same_for_any_address(string email)
    {
        var response = await Browser.For(factory).GetAsync($"/Identity/Account/RegisterConfirmation?email={Uri.EscapeDataString(email)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Check your email to continue", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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
        Assert.StartsWith("/Identity/Account/RegisterConfirmation", registered.Headers.Location!.ToString(), StringComparison.Ordinal);
        await newcomer.GetPageAsync(factory.Mail.ConfirmationLink("zhao@xiling.example"));
        await newcomer.SignInAsync("zhao@xiling.example", "correct-horse-42");
        Assert.Contains("Zhao Newcomer", await newcomer.GetPageAsync($"/org/{organization}"), StringComparison.Ordinal);
        var role = await factory.WithDatabase(db => db.Memberships
            .Where(m => m.OrganizationId == organization)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.Role, u.Email })
            .Where(x => x.Email == "zhao@xiling.example").Select(x => x.Role).SingleAsync());
        Assert.Equal(MembershipRole.Purchaser, role);
    }

    private static List<string> ValidationMessages(string page) =>
        System.Text.RegularExpressions.Regex.Matches(page, "field-validation-error[^>]*>([^<]*)<").Select(m => m.Groups[1].Value).ToList();

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
