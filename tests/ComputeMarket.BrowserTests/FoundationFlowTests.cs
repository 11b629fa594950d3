using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Web.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ComputeMarket.BrowserTests;

/// <summary>The first things a person does on the site, clicked through in a real browser.</summary>
public sealed partial class FoundationFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_visitor_registers_an_organization_confirms_the_address_and_lands_on_the_dashboard()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.ScreenshotAsync("01-home");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create an organization" }).ClickAsync();
        await page.GetByLabel("Organization name").FillAsync("Jinghong Inference Lab");
        await page.GetByLabel("Your name").FillAsync("Gao Founder");
        await page.GetByLabel("Email").FillAsync("gao@jinghong.example");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("correct-horse-42");
        await page.GetByLabel("Repeat the password").FillAsync("correct-horse-42");
        await page.ScreenshotAsync("02-register-filled");
        await page.GetByTestId("register").ClickAsync();

        await Assertions.Expect(page.GetByTestId("register-confirmation")).ToContainTextAsync("Check your email to continue");
        await page.ScreenshotAsync("02b-register-check-your-email");
        await page.GotoAsync(fixture.App.Mail.ConfirmationLink("gao@jinghong.example"));
        await Assertions.Expect(page.GetByText("Thank you for confirming your email.")).ToBeVisibleAsync();
        await page.SignInAsync("gao@jinghong.example", "correct-horse-42");
        await page.WaitForDashboardAsync();
        await Assertions.Expect(page.GetByTestId("organizations")).ToContainTextAsync("Jinghong Inference Lab");
        await Assertions.Expect(page.GetByTestId("organizations")).ToContainTextAsync("Owner");
        await page.ScreenshotAsync("03-dashboard-after-register");

        await page.GetByTestId("organizations").GetByText("Jinghong Inference Lab").ClickAsync();
        await Assertions.Expect(page.GetByTestId("org-name")).ToHaveTextAsync("Jinghong Inference Lab");
        await Assertions.Expect(page.GetByTestId("members")).ToContainTextAsync("gao@jinghong.example");
        await page.ScreenshotAsync("04-organization-home");
    }

    [Fact]
    public async Task A_registered_person_signs_out_and_in_again_and_sees_the_dashboard()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(DemoSeeder.Buyer.Email);
        await page.WaitForDashboardAsync();
        await Assertions.Expect(page.GetByTestId("organizations")).ToContainTextAsync(DemoSeeder.FirstBuyerOrganization);

        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First).ToBeVisibleAsync();
        await page.SignInAsync(DemoSeeder.Buyer.Email);

        await page.WaitForDashboardAsync();
        await Assertions.Expect(page.GetByText($"Signed in as {DemoSeeder.Buyer.Email}")).ToBeVisibleAsync();
        await page.ScreenshotAsync("05-dashboard-after-sign-in");
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_for_a_members_only_page_and_back_after()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/dashboard");

        await Assertions.Expect(page).ToHaveURLAsync(LoginUrl());
        await page.ScreenshotAsync("06-sign-in-required");
        await page.GetByLabel("Email").FillAsync(DemoSeeder.SecondBuyer.Email);
        await page.GetByLabel("Password").FillAsync(ComputeMarketFactory.Password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.WaitForDashboardAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_a_message_on_the_sign_in_page()
    {
        var page = await fixture.NewPageAsync();

        await page.SignInAsync(DemoSeeder.SecondBuyer.Email, "not-the-password");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email address or the password is wrong.");
        await page.ScreenshotAsync("07-sign-in-wrong-password");
    }

    [Fact]
    public async Task A_member_cannot_open_another_organizations_page()
    {
        var other = await fixture.App.WithDatabase(db => db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync());
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(DemoSeeder.Buyer.Email);
        await page.WaitForDashboardAsync();

        var response = await page.GotoAsync($"/org/{other}");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByTestId("error-page")).ToContainTextAsync("You may not open this page");
        await Assertions.Expect(page.GetByText(DemoSeeder.ProviderOrganization)).ToHaveCountAsync(0);
        await page.ScreenshotAsync("08-other-organization-forbidden");
    }

    [Fact]
    public async Task An_owner_invites_a_colleague_who_joins_through_the_link()
    {
        var owner = await fixture.NewPageAsync();
        await owner.SignInAsync(DemoSeeder.SecondBuyer.Email);
        await owner.WaitForDashboardAsync();
        await owner.GetByTestId("organizations").GetByText(DemoSeeder.SecondBuyerOrganization).ClickAsync();
        await owner.GetByTestId("create-invitation").ClickAsync();
        var link = await owner.GetByTestId("invitation-link").InnerTextAsync();
        await owner.ScreenshotAsync("09-invitation-created");

        var newcomer = await fixture.NewPageAsync();
        await newcomer.GotoAsync(link);
        await newcomer.ScreenshotAsync("10-invitation-landing");
        await newcomer.GetByRole(AriaRole.Link, new() { Name = "Create an account and join" }).ClickAsync();
        await newcomer.GetByLabel("Your name").FillAsync("Qian Newcomer");
        await newcomer.GetByLabel("Email").FillAsync("qian@xiling.example");
        await newcomer.GetByLabel("Password", new() { Exact = true }).FillAsync("correct-horse-42");
        await newcomer.GetByLabel("Repeat the password").FillAsync("correct-horse-42");
        await newcomer.GetByTestId("register").ClickAsync();
        await Assertions.Expect(newcomer.GetByTestId("register-confirmation")).ToContainTextAsync("Check your email to continue");
        await newcomer.GotoAsync(fixture.App.Mail.ConfirmationLink("qian@xiling.example"));
        await newcomer.SignInAsync("qian@xiling.example", "correct-horse-42");
        await newcomer.WaitForDashboardAsync();
        await newcomer.GetByTestId("organizations").GetByText(DemoSeeder.SecondBuyerOrganization).ClickAsync();

        await Assertions.Expect(newcomer.GetByTestId("org-name")).ToHaveTextAsync(DemoSeeder.SecondBuyerOrganization);
        await Assertions.Expect(newcomer.GetByTestId("members")).ToContainTextAsync("Qian Newcomer");
        await newcomer.ScreenshotAsync("11-joined-through-invitation");
    }

    [Fact]
    public async Task An_administrator_sees_the_jobs_page_and_the_hangfire_dashboard()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(ComputeMarketFactory.AdminEmail);
        await page.WaitForDashboardAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Administration" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Jobs", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Background jobs" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("12-admin-jobs");

        await page.GotoAsync("/hangfire/recurring");
        await Assertions.Expect(page.GetByText("heartbeat").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("13-hangfire-recurring");
    }

    [GeneratedRegex("/Identity/Account/Login\\?ReturnUrl=%2Fdashboard$")]
    private static partial Regex LoginUrl();
}
