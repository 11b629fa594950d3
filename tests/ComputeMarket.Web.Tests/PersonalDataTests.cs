using System.Net;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>
/// A person erases their account from the personal-data pages: what identifies them goes, the records others rely on
/// stay and still verify, and the only owner of an organization is refused with a reason.
/// </summary>
public sealed class PersonalDataTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private const string ErasePage = "/Identity/Account/Manage/DeletePersonalData";

    [Fact]
    public async Task Erasing_a_member_anonymizes_them_signs_them_out_and_keeps_the_ledger_and_audit_records_intact()
    {
        var email = DemoSeeder.BuyerColleague.Email;
        var userId = await factory.WithDatabase(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var before = await factory.WithDatabase(async db => (Transfers: await db.Transfers.CountAsync(), Audit: await db.AuditEntries.CountAsync()));
        var member = Browser.For(factory);
        await member.SignInAsync(email);

        var download = await member.SubmitAsync("/Identity/Account/Manage/PersonalData", new Dictionary<string, string>(), "/Identity/Account/Manage/DownloadPersonalData");
        var wrongPassword = await member.SubmitAsync(ErasePage, new Dictionary<string, string> { ["Input.Password"] = "not-my-password-1" });
        var erased = await member.SubmitAsync(ErasePage, new Dictionary<string, string> { ["Input.Password"] = ComputeMarketFactory.Password });

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Contains("The password is wrong.", await wrongPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await member.GetAsync("/dashboard")).StatusCode);

        var user = await factory.WithDatabase(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == userId));
        Assert.Equal(PersonalDataEraser.ErasedName, user.DisplayName);
        Assert.DoesNotContain("colleague", user.Email!, StringComparison.OrdinalIgnoreCase);
        Assert.Null(user.PasswordHash);
        Assert.Null(user.PhoneNumber);
        Assert.False(await factory.WithDatabase(db => db.Memberships.AnyAsync(m => m.UserId == userId)));
        Assert.Equal(before, await factory.WithDatabase(async db => (Transfers: await db.Transfers.CountAsync(), Audit: await db.AuditEntries.CountAsync())));

        var again = await Browser.For(factory).TrySignInAsync(email, ComputeMarketFactory.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("The email address or the password is wrong.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);
        Assert.Contains("data-testid=\"chain-status\">Intact", await auditor.GetPageAsync("/audit/ledger"), StringComparison.Ordinal);

        // What the person could take with them before leaving included their name.
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Contains(DemoSeeder.BuyerColleague.DisplayName, await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_only_owner_of_an_organization_is_refused_with_the_reason_and_keeps_the_account()
    {
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.SecondBuyer.Email);

        var response = await owner.SubmitAsync(ErasePage, new Dictionary<string, string> { ["Input.Password"] = ComputeMarketFactory.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"You are the only owner of {DemoSeeder.SecondBuyerOrganization}", page, StringComparison.Ordinal);
        Assert.True(await factory.WithDatabase(db => db.Users.AnyAsync(u => u.Email == DemoSeeder.SecondBuyer.Email)));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/dashboard")).StatusCode);
    }
}
