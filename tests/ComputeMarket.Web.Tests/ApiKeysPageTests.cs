using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Domain.Metering;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Web.Tests;

/// <summary>An organization's API keys page: owners create a key, see its secret once, and revoke it.</summary>
public sealed partial class ApiKeysPageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Task<Guid> OrganizationAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    private static async Task<HttpResponseMessage> CreateAsync(Browser owner, Guid organization, string name, string scope) =>
        await owner.SubmitAsync($"/org/{organization}/keys", new Dictionary<string, string> { ["Input.Name"] = name, ["Input.Scope"] = scope }, $"/org/{organization}/keys?handler=Create");

    [Fact]
    public async Task A_providers_owner_creates_a_metering_key_sees_it_once_with_a_copy_button_and_an_example_and_then_only_its_prefix()
    {
        var organization = await OrganizationAsync(DemoSeeder.ProviderOrganization);
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Provider.Email);
        var name = $"Agent {Guid.NewGuid():N}"[..20];

        var created = await CreateAsync(owner, organization, name, "Metering");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/org/{organization}/keys", created.Headers.Location!.AbsolutePathOf());
        var first = await owner.GetAsync($"/org/{organization}/keys");
        var firstPage = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        var second = WebUtility.HtmlDecode(await owner.GetPageAsync($"/org/{organization}/keys"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl?.NoStore, "the response carrying the key is not to be stored");
        var secret = NewKey().Match(firstPage);
        Assert.True(secret.Success, "the key is on the page right after it is created");
        Assert.StartsWith("cmm_", secret.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains("data-copy=\"#new-key\"", firstPage, StringComparison.Ordinal);
        Assert.Contains("it will not be shown again", firstPage, StringComparison.Ordinal);
        Assert.Contains($"curl -H \"Authorization: Bearer {secret.Groups[1].Value}\" https://localhost/api/v1/allocations", firstPage, StringComparison.Ordinal);

        var stored = await factory.WithDatabase(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.OrganizationId == organization && k.Name == name));
        Assert.Equal(ApiKeyScope.Metering, stored.Scope);
        Assert.Equal(SecretToken.Hash(secret.Groups[1].Value), stored.Hash);
        Assert.Equal(secret.Groups[1].Value[..ApiKey.PrefixLength], stored.Prefix);

        Assert.DoesNotContain(secret.Groups[1].Value, second, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"new-key\"", second, StringComparison.Ordinal);
        Assert.Contains($"{stored.Prefix}…", second, StringComparison.Ordinal);
        Assert.Contains(name, second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyers_owner_cannot_create_a_metering_key_but_can_create_a_usage_key_and_revoke_it()
    {
        var organization = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);
        var page = WebUtility.HtmlDecode(await owner.GetPageAsync($"/org/{organization}/keys"));
        Assert.Contains("Only verified providers can create metering keys.", page, StringComparison.Ordinal);
        Assert.Matches("value=\"Metering\"[^>]*disabled", page);

        var refused = await CreateAsync(owner, organization, "Not a provider", "Metering");
        var refusal = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Metering keys are for verified providers.", refusal, StringComparison.Ordinal);
        Assert.Matches("value=\"Usage\" checked", refusal);
        Assert.False(await factory.WithDatabase(db => db.ApiKeys.AnyAsync(k => k.OrganizationId == organization && k.Name == "Not a provider")));

        var name = $"Report {Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(owner, organization, name, "Usage")).StatusCode);
        var shown = WebUtility.HtmlDecode(await owner.GetPageAsync($"/org/{organization}/keys"));
        var secret = NewKey().Match(shown);
        Assert.StartsWith("cmu_", secret.Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains($"curl -H \"Authorization: Bearer {secret.Groups[1].Value}\" https://localhost/api/v1/usage/summary", shown, StringComparison.Ordinal);

        var key = await factory.WithDatabase(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.OrganizationId == organization && k.Name == name));
        Assert.Null(key.RevokedAtUtc);
        var revoked = await owner.SubmitAsync($"/org/{organization}/keys", new Dictionary<string, string>(), $"/org/{organization}/keys?handler=Revoke&keyId={key.Id}");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var after = WebUtility.HtmlDecode(await owner.GetPageAsync($"/org/{organization}/keys"));
        Assert.Contains("The key is revoked", after, StringComparison.Ordinal);
        Assert.NotNull((await factory.WithDatabase(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id))).RevokedAtUtc);
        Assert.DoesNotContain($"keyId={key.Id}", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_speaks_chinese_with_china_time_and_says_never_for_an_unused_key()
    {
        var organization = await OrganizationAsync(DemoSeeder.SecondBuyerOrganization);
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.SecondBuyer.Email);
        owner.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        owner.Client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(owner, organization, "报表", "Usage")).StatusCode);

        var first = WebUtility.HtmlDecode(await owner.GetPageAsync($"/org/{organization}/keys"));
        var page = WebUtility.HtmlDecode(await owner.GetPageAsync($"/org/{organization}/keys"));

        Assert.Contains("请立即复制：密钥不会再次显示。", first, StringComparison.Ordinal);
        Assert.Contains("<title>API 密钥 · " + DemoSeeder.SecondBuyerOrganization, page, StringComparison.Ordinal);
        Assert.Contains("只有已认证的供应商可以创建计量密钥。", page, StringComparison.Ordinal);
        Assert.Contains("读取本组织自己的用量。", page, StringComparison.Ordinal);
        Assert.Contains("从未使用", page, StringComparison.Ordinal);
        Assert.Contains("UTC+8", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_used_keys_last_use_shows_in_china_time_and_an_unused_one_says_never()
    {
        var organization = await OrganizationAsync(DemoSeeder.ProviderOrganization);
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Provider.Email);
        var used = $"Used {Guid.NewGuid():N}"[..20];
        var unused = $"Unused {Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(owner, organization, used, "Usage")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(owner, organization, unused, "Usage")).StatusCode);
        var lastUsedUtc = new DateTime(2026, 11, 30, 18, 5, 0, DateTimeKind.Utc);
        await factory.WithDatabase(async db =>
        {
            var key = await db.ApiKeys.SingleAsync(k => k.OrganizationId == organization && k.Name == used);
            db.Entry(key).Property(k => k.LastUsedAtUtc).CurrentValue = lastUsedUtc;
            return await db.SaveChangesAsync();
        });

        var page = WebUtility.HtmlDecode(await owner.GetPageAsync($"/org/{organization}/keys"));

        Assert.Matches($"{used}</td>(?:(?!</tr>).)*data-testid=\"key-last-used\">\\s*<time[^>]*>2026-12-01 02:05 UTC\\+8</time>", Flatten(page));
        Assert.Matches($"{unused}</td>(?:(?!</tr>).)*data-testid=\"key-last-used\">\\s*never\\s*</td>", Flatten(page));
    }

    private static string Flatten(string html) => html.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    [Fact]
    public async Task Owners_find_the_page_from_the_organization_and_its_menu_and_other_members_neither_see_nor_open_it()
    {
        var organization = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);
        var viewer = Browser.For(factory);
        await viewer.SignInAsync(DemoSeeder.BuyerColleague.Email);

        var ownersHome = await owner.GetPageAsync($"/org/{organization}");
        var viewersHome = await viewer.GetPageAsync($"/org/{organization}");

        Assert.Contains($"href=\"/org/{organization}/keys\" data-testid=\"api-keys-link\"", ownersHome, StringComparison.Ordinal);
        Assert.Contains($"href=\"/org/{organization}/keys\" data-testid=\"nav-api-keys\"", ownersHome, StringComparison.Ordinal);
        Assert.DoesNotContain($"/org/{organization}/keys", viewersHome, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.GetAsync($"/org/{organization}/keys")).StatusCode);
    }

    [GeneratedRegex("data-testid=\"new-key\">(cm[mu]_[A-Za-z0-9_-]+)<")]
    private static partial Regex NewKey();
}
