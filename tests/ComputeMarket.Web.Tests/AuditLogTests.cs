using System.Net;
using System.Text.RegularExpressions;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>The audit log reads as who, what, when and a before → after diff in the page's language; the export keeps the raw JSON.</summary>
public sealed partial class AuditLogTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    [Fact]
    public async Task A_confirmed_top_up_shows_who_what_when_and_the_status_change_with_the_amount_in_yuan()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var topUp = await factory.WithDatabase(db => db.TopUps.SingleAsync(t => t.Reference == "CM-DEMO-0001"));
        var confirmed = await admin.SubmitAsync("/admin/wallets", new Dictionary<string, string>(), $"/admin/wallets?handler=TopUp&id={topUp.Id}&confirm=true");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        var entry = Entry(await admin.GetPageAsync("/audit/log"), "CM-DEMO-0001");

        Assert.Contains("Confirmed a top-up", entry, StringComparison.Ordinal);
        Assert.Contains(ComputeMarketFactory.AdminEmail, entry, StringComparison.Ordinal);
        Assert.Contains("UTC+8", entry, StringComparison.Ordinal);
        Assert.Matches(Before("Requested"), entry);
        Assert.Matches(After("Confirmed"), entry);
        Assert.Contains("¥3,000.00", entry, StringComparison.Ordinal);
        Assert.Contains(DemoSeeder.SecondBuyerOrganization, entry, StringComparison.Ordinal);
        Assert.DoesNotContain("300000", entry, StringComparison.Ordinal);
        Assert.DoesNotContain("&quot;Status&quot;", entry, StringComparison.Ordinal);

        var export = await admin.GetAsync("/audit/log?handler=Export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith("id,timestamp_utc,actor_user_id,actor_email,action,subject,before_json,after_json", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var line = Assert.Single(csv.Split('\n'), l => l.Contains("topup:CM-DEMO-0001", StringComparison.Ordinal));
        Assert.Contains("TopUp.Confirm", line, StringComparison.Ordinal);
        Assert.Contains("\"{\"\"Status\"\":\"\"Requested\"\",\"\"Amount\"\":300000,", line, StringComparison.Ordinal);
        Assert.Contains("\"{\"\"Status\"\":\"\"Confirmed\"\",\"\"Amount\"\":300000,", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Chinese_the_action_and_values_read_in_Chinese_and_names_show_as_text_while_the_export_keeps_the_stored_json()
    {
        const string name = "华东算力测试";
        var organization = await factory.WithDatabase(async db =>
        {
            var owner = await db.Users.Where(u => u.Email == DemoSeeder.SecondProvider.Email).Select(u => u.Id).SingleAsync();
            var founded = Organization.Found(name, owner, DateTime.UtcNow);
            db.Organizations.Add(founded);
            await db.SaveChangesAsync();
            return founded.Id;
        });
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);
        var verified = await admin.SubmitAsync("/admin/organizations", new Dictionary<string, string>(), $"/admin/organizations?handler=Verify&id={organization}&verified=true");
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        var stored = await factory.WithDatabase(db => db.AuditEntries.SingleAsync(a => a.Subject == $"organization:{organization}"));
        Assert.Contains("\\u534E", stored.After, StringComparison.Ordinal);

        admin.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var entry = Entry(await admin.GetPageAsync("/audit/log"), name);

        Assert.Contains("认证供应商", entry, StringComparison.Ordinal);
        Assert.Matches(Before("否"), entry);
        Assert.Matches(After("是"), entry);
        Assert.Contains("名称", entry, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", entry, StringComparison.Ordinal);
        Assert.DoesNotContain("Verified a provider", entry, StringComparison.Ordinal);

        var csv = await (await admin.GetAsync("/audit/log?handler=Export")).Content.ReadAsStringAsync();
        var line = Assert.Single(csv.Split('\n'), l => l.Contains($"organization:{organization}", StringComparison.Ordinal));
        Assert.Contains("Organization.VerifyProvider", line, StringComparison.Ordinal);
        Assert.Contains(stored.After!.Replace("\"", "\"\"", StringComparison.Ordinal), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_auditors_and_administrators_can_export_the_log()
    {
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);

        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync("/audit/log?handler=Export")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/audit/log?handler=Export")).StatusCode);
    }

    /// <summary>The table row of the entry that mentions <paramref name="text"/>.</summary>
    private static string Entry(string page, string text)
    {
        var rows = page.Split("data-testid=\"audit-entry\"").Skip(1).Select(row => row[..row.IndexOf("</tr>", StringComparison.Ordinal)]);
        return WebUtility.HtmlDecode(Assert.Single(rows, row => row.Contains(text, StringComparison.Ordinal)));
    }

    private static Regex Before(string value) => new($"data-testid=\"audit-before\">\\s*{Regex.Escape(value)}\\s*<");

    private static Regex After(string value) => new($"data-testid=\"audit-after\">\\s*{Regex.Escape(value)}\\s*<");
}
