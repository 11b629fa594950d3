using System.Net;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

public sealed class SiteTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    [Theory]
    [InlineData("/", "Buy and bank GPU compute, by the token.")]
    [InlineData("/Identity/Account/Login", "Sign in")]
    [InlineData("/Identity/Account/Register", "Organization name")]
    public async Task The_home_page_and_the_identity_pages_are_served(string path, string text)
    {
        var page = await Browser.For(factory).GetPageAsync(path);

        Assert.Contains(text, page, StringComparison.Ordinal);
        Assert.Contains("/lib/bootstrap/bootstrap.min.css", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stylesheets_are_served()
    {
        var response = await Browser.For(factory).GetAsync("/lib/bootstrap/bootstrap.min.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        var response = await Browser.For(factory).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_page_shows_the_friendly_404_page()
    {
        var response = await Browser.For(factory).GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_administrator_is_created_from_configuration()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        var admin = await users.FindByEmailAsync(ComputeMarketFactory.AdminEmail);

        Assert.NotNull(admin);
        Assert.True(await users.IsInRoleAsync(admin, PlatformRoles.Administrator));
        Assert.True(await users.CheckPasswordAsync(admin, ComputeMarketFactory.Password));
    }

    [Fact]
    public async Task The_demo_seed_is_in_place_and_seeding_again_adds_nothing()
    {
        var before = await factory.WithDatabase(async db => (Users: await db.Users.CountAsync(), Organizations: await db.Organizations.CountAsync(), Memberships: await db.Memberships.CountAsync()));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }

        var after = await factory.WithDatabase(async db => (Users: await db.Users.CountAsync(), Organizations: await db.Organizations.CountAsync(), Memberships: await db.Memberships.CountAsync()));
        Assert.Equal(before, after);
        var provider = await factory.WithDatabase(db => db.Organizations.SingleAsync(o => o.Name == DemoSeeder.ProviderOrganization));
        Assert.True(provider.IsVerifiedProvider);
        var buyers = await factory.WithDatabase(db => db.Organizations.CountAsync(o => !o.IsVerifiedProvider && (o.Name == DemoSeeder.FirstBuyerOrganization || o.Name == DemoSeeder.SecondBuyerOrganization)));
        Assert.Equal(2, buyers);
        await using var check = factory.Services.CreateAsyncScope();
        var userManager = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await userManager.IsInRoleAsync((await userManager.FindByEmailAsync(DemoSeeder.Auditor.Email))!, PlatformRoles.Auditor));
    }
}
