using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Wallets;
using ComputeMarket.Infrastructure.Seeding;
using ComputeMarket.Web.Tests.Hostile;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ComputeMarket.Web.Tests;

/// <summary>The app with a recorder of every write its contexts make and of the errors it logs.</summary>
public sealed class HostileInputFactory : ComputeMarketFactory
{
    public WriteRecorder Recorder { get; } = new();

    public ErrorLog Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IInterceptor>(Recorder);
            services.AddSingleton<ILoggerProvider>(Errors);
        });
    }
}

/// <summary>
/// Every form field, query parameter and API property the app binds — found in its own endpoint metadata, not
/// listed here — receives every value of the hostile corpus, one at a time with the other fields as the page fills
/// them. No answer is a 5xx, a refused request writes nothing, no answer carries the markup it was sent, and nothing
/// is stored that a server engine could not hold.
/// </summary>
public sealed class HostileInputTests(HostileInputFactory factory, ITestOutputHelper output) : IClassFixture<HostileInputFactory>
{
    private readonly Dictionary<string, Browser> _browsers = new(StringComparer.Ordinal);

    private Guid _buyer;
    private Guid _secondBuyer;
    private Guid _provider;
    private Guid _offer;
    private Guid _expendableOffer;
    private Guid _allocation;
    private long _account;
    private Guid _batch;
    private string _invitation = "";

    /// <summary>A person of its own for the account pages, so that nothing done there touches the demo's people.</summary>
    private const string AccountHolder = "corpus-account@computemarket.test";

    private const string AccountPassword = "Corpus-pass-2026";

    [Fact]
    public async Task Every_discovered_field_takes_the_hostile_corpus_without_a_5xx_a_silent_write_or_unescaped_output()
    {
        var targets = await InputTargets.DiscoverAsync(factory.Services);
        await PrepareAsync();
        var access = Access();

        var unreachable = targets.Where(t => CorpusRun.Find(access, t) is null).Select(t => t.Name).ToList();
        Assert.True(unreachable.Count == 0, "No way to reach these handlers; say who may use the page and with which route values:\n" + string.Join("\n", unreachable));
        Assert.Contains(targets, t => t.Fields.Any(f => f.Name == "Form.GpuCount"));
        Assert.Contains(targets, t => t.IsApi && t.Fields.Any(f => f.Source == FieldSource.Json));

        var run = new CorpusRun(factory, access, SignedInAsync);
        var clock = Stopwatch.StartNew();
        await run.RunAsync(targets);
        output.WriteLine(run.Summary(targets, clock.Elapsed));

        Assert.True(run.Requests >= 1_000, $"Only {run.Requests} requests were sent.");
        Assert.Empty(run.Unreached());
        Assert.True(run.Findings.Count == 0, string.Join("\n", run.Findings));
    }

    private async Task<Browser> SignedInAsync(string email)
    {
        if (!_browsers.TryGetValue(email, out var browser))
        {
            browser = Browser.For(factory);
            if (email.Length > 0)
            {
                await browser.SignInAsync(email, email == AccountHolder ? AccountPassword : ComputeMarketFactory.Password);
            }

            _browsers[email] = browser;
        }

        return browser;
    }

    /// <summary>Who may use each page and with which route values; what the corpus sends there is discovered.</summary>
    private Dictionary<string, PageAccess> Access()
    {
        var buyerOrg = () => Route(("orgId", _buyer));
        var providerOrg = () => Route(("orgId", _provider));
        var manage = new PageAccess
        {
            User = AccountHolder,
            Fill = new Dictionary<string, string> { ["Input.OldPassword"] = AccountPassword, ["Input.Password"] = AccountPassword },
        };
        return new(StringComparer.Ordinal)
        {
            ["/Index"] = new(),
            ["/Error"] = new(),
            ["/Dashboard"] = new() { User = DemoSeeder.Buyer.Email },
            ["/Dev/Outbox"] = new(),
            ["/Language"] = new(),
            ["/Market/Index"] = new(),
            ["/Market/Offer"] = new()
            {
                User = DemoSeeder.Buyer.Email,
                RouteValues = () => Route(("id", _offer)),
                Load = (browser, path, handler) => handler == "Confirm" ? ReviewedAsync(browser, path) : Task.FromResult<string?>(null),
            },
            ["/Invitations/Accept"] = new()
            {
                User = DemoSeeder.SecondBuyer.Email,
                RouteValues = () => new Dictionary<string, string> { ["token"] = _invitation },
                Replenish = async _ => _invitation = await InvitationTokenAsync(),
            },
            ["/Org/Index"] = new()
            {
                User = DemoSeeder.Buyer.Email,
                RouteValues = buyerOrg,
                Replenish = handler => handler == "Revoke" ? InviteAsync() : Task.CompletedTask,
            },
            ["/Org/Wallet"] = new()
            {
                User = DemoSeeder.Provider.Email,
                RouteValues = providerOrg,
                Fill = new Dictionary<string, string> { ["TopUp.Amount"] = "100.00", ["Payout.Amount"] = "1.00", ["Payout.BankAccount"] = "6222 0000 1111 2222" },
            },
            ["/Org/Keys"] = new()
            {
                User = DemoSeeder.Buyer.Email,
                RouteValues = buyerOrg,
                Fill = new Dictionary<string, string> { ["Input.Name"] = "Corpus key {n}" },
                Replenish = handler => handler == "Revoke" ? CreateKeyAsync() : Task.CompletedTask,
            },
            ["/Org/Allocations"] = new() { User = DemoSeeder.Buyer.Email, RouteValues = buyerOrg },
            ["/Org/Usage"] = new() { User = DemoSeeder.Buyer.Email, RouteValues = buyerOrg },
            ["/Org/Allocation"] = new()
            {
                User = DemoSeeder.Buyer.Email,
                RouteValues = () => Route(("orgId", _buyer), ("id", _allocation)),
                Replenish = async handler => _allocation = handler == "Cancel" ? await PlaceOrderAsync() : _allocation,
            },
            ["/Org/Listings"] = new()
            {
                User = DemoSeeder.Provider.Email,
                RouteValues = providerOrg,
                Choose = forms => forms.FirstOrDefault(f => f.Query.Any(q => q.Key == "offerId" && q.Value == _expendableOffer.ToString())),
            },
            ["/Org/Listing"] = new()
            {
                User = DemoSeeder.Provider.Email,
                RouteValues = () => Route(("orgId", _provider), ("offerId", _offer)),
                Fill = new Dictionary<string, string> { ["Form.ServedModel"] = "Qwen3-32B" },
                Replenish = handler => handler == "WithdrawPackage" ? DefinePackageAsync() : Task.CompletedTask,
            },
            ["/Admin/Jobs"] = new() { User = ComputeMarketFactory.AdminEmail },
            ["/Admin/Fees"] = new() { User = ComputeMarketFactory.AdminEmail, Fill = new Dictionary<string, string> { ["Percent"] = "5" } },
            ["/Admin/Organizations"] = new()
            {
                User = ComputeMarketFactory.AdminEmail,
                Choose = forms => forms.FirstOrDefault(f => f.Query.Any(q => q.Key == "id" && q.Value == _secondBuyer.ToString())),
            },
            ["/Admin/Wallets"] = new()
            {
                User = ComputeMarketFactory.AdminEmail,
                // The rejecting forms carry the note field.
                Choose = forms => forms.FirstOrDefault(f => f.Query.Any(q => q.Value == "false")),
                Replenish = handler => handler == "Payout" ? RequestPayoutAsync() : RequestTopUpAsync(),
            },
            ["/Audit/Account"] = new() { User = DemoSeeder.Auditor.Email, RouteValues = () => new Dictionary<string, string> { ["id"] = _account.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
            ["/Audit/Ledger"] = new() { User = DemoSeeder.Auditor.Email },
            ["/Audit/Log"] = new() { User = DemoSeeder.Auditor.Email },
            ["/Audit/Settlements"] = new() { User = DemoSeeder.Auditor.Email },
            ["/Audit/Settlement"] = new() { User = DemoSeeder.Auditor.Email, RouteValues = () => Route(("batchId", _batch)) },
            ["/Org/Settlement"] = new() { User = DemoSeeder.Buyer.Email, RouteValues = () => Route(("orgId", _buyer), ("batchId", _batch)) },
            ["/Identity/Account/Login"] = new()
            {
                // Unknown addresses: a wrong password for a real account would count towards its lockout.
                FreshVisitor = true,
                Fill = new Dictionary<string, string> { ["Input.Email"] = "nobody-{n}@computemarket.test", ["Input.Password"] = "Not-the-password-2026" },
            },
            ["/Identity/Account/Register"] = new()
            {
                FreshVisitor = true,
                Fill = new Dictionary<string, string>
                {
                    ["Input.DisplayName"] = "Corpus Person",
                    ["Input.Email"] = "corpus-{n}@computemarket.test",
                    ["Input.OrganizationName"] = "Corpus Organization {n}",
                    ["Input.Password"] = "Corpus-pass-2026",
                    ["Input.ConfirmPassword"] = "Corpus-pass-2026",
                },
            },
            ["/Identity/Account/Manage/*"] = manage,
            ["/Identity/Account/Manage/EnableAuthenticator"] = manage with
            {
                Tolerated = new Dictionary<string, string> { ["a read wrote"] = "the page creates the authenticator key it shows" },
            },
            ["/Identity/*"] = new()
            {
                FreshVisitor = true,
                Fill = new Dictionary<string, string> { ["Input.Email"] = "nobody-{n}@computemarket.test" },
            },
            ["api/v1/organizations/{orgId:guid}"] = new() { User = DemoSeeder.Buyer.Email, RouteValues = buyerOrg },
            ["api/v1/allocations"] = new()
            {
                FreshVisitor = true,
                Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ComputeMarketFactory.MeteringKey },
            },
            ["api/v1/usage/summary"] = new()
            {
                FreshVisitor = true,
                Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ComputeMarketFactory.UsageKey },
            },
            ["api/v1/usage"] = new()
            {
                FreshVisitor = true,
                Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ComputeMarketFactory.MeteringKey },
            },
            ["api/v1/organizations/{orgId:guid}/invitations"] = new()
            {
                User = DemoSeeder.Buyer.Email,
                RouteValues = buyerOrg,
                Fill = new Dictionary<string, string> { ["validForDays"] = "7" },
            },
        };
    }

    private static Dictionary<string, string> Route(params (string Name, Guid Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private async Task PrepareAsync()
    {
        _buyer = await OrganizationAsync(DemoSeeder.FirstBuyerOrganization);
        _secondBuyer = await OrganizationAsync(DemoSeeder.SecondBuyerOrganization);
        _provider = await OrganizationAsync(DemoSeeder.ProviderOrganization);
        var offers = await factory.WithDatabase(db => db.Offers
            .Where(o => o.ProviderOrganizationId == _provider && o.Status == OfferStatus.Active)
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, Packaged = db.TokenPackages.Any(p => p.OfferId == o.Id && p.IsOnSale) })
            .ToListAsync());
        _offer = offers.First(o => o.Packaged).Id;
        _expendableOffer = offers.Last(o => o.Id != _offer).Id;
        _account = await factory.WithDatabase(db => db.Accounts.Where(a => a.OwnerOrganizationId == _buyer).Select(a => a.Id).FirstAsync());
        _batch = await factory.WithDatabase(db => db.SettlementLines.Where(l => l.BuyerOrganizationId == _buyer).OrderBy(l => l.BatchId).Select(l => l.BatchId).FirstAsync());
        _allocation = await PlaceOrderAsync();
        _invitation = await InvitationTokenAsync();
        var response = await Browser.For(factory).SubmitAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Corpus Account",
            ["Input.Email"] = AccountHolder,
            ["Input.OrganizationName"] = "Corpus Account Organization",
            ["Input.Password"] = AccountPassword,
            ["Input.ConfirmPassword"] = AccountPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await Browser.For(factory).GetPageAsync(factory.Mail.ConfirmationLink(AccountHolder));
    }

    private Task<Guid> OrganizationAsync(string name) =>
        factory.WithDatabase(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    /// <summary>The offer page after "See the maximum cost": the form that confirms carries the quoted prices.</summary>
    private static async Task<string?> ReviewedAsync(Browser browser, string path)
    {
        var page = await browser.GetPageAsync(path);
        var review = HtmlForms.Read(page, path).First(f => f.Handler == "Review");
        using var response = await browser.Client.SendAsync(new HostileRequest { Method = "POST", Path = review.Path, Query = [.. review.Query], Form = [.. review.Fields] }.ToMessage());
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<Guid> PlaceOrderAsync()
    {
        var browser = await SignedInAsync(DemoSeeder.Buyer.Email);
        var path = $"/market/offers/{_offer}";
        var reviewed = await ReviewedAsync(browser, path);
        var confirm = HtmlForms.Read(reviewed!, path).First(f => f.Handler == "Confirm");
        using var response = await browser.Client.SendAsync(new HostileRequest { Method = "POST", Path = confirm.Path, Query = [.. confirm.Query], Form = [.. confirm.Fields] }.ToMessage());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    private async Task<string> InvitationTokenAsync()
    {
        var browser = await SignedInAsync(DemoSeeder.Buyer.Email);
        using var response = await browser.Client.PostAsync($"/api/v1/organizations/{_buyer}/invitations", JsonContent.Create(new { validForDays = 7 }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var link = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("link").GetString()!;
        return link.Split('/')[^1];
    }

    private async Task InviteAsync()
    {
        var browser = await SignedInAsync(DemoSeeder.Buyer.Email);
        var response = await browser.SubmitAsync($"/org/{_buyer}", new Dictionary<string, string> { ["Input.ValidForDays"] = "7" }, $"/org/{_buyer}?handler=Invite");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task CreateKeyAsync()
    {
        var browser = await SignedInAsync(DemoSeeder.Buyer.Email);
        var response = await browser.SubmitAsync($"/org/{_buyer}/keys", new Dictionary<string, string> { ["Input.Name"] = "Replacement key", ["Input.Scope"] = "Usage" }, $"/org/{_buyer}/keys?handler=Create");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task DefinePackageAsync()
    {
        var browser = await SignedInAsync(DemoSeeder.Provider.Email);
        var path = $"/org/{_provider}/listings/{_offer}/edit";
        var response = await browser.SubmitAsync(path, new Dictionary<string, string>
        {
            ["Package.Name"] = "Replacement package",
            ["Package.Tokens"] = "10000000",
            ["Package.Price"] = "39.90",
            ["Package.ValidityDays"] = "30",
            ["Package.ExpiryRule"] = "Refund",
        }, $"{path}?handler=Package");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task RequestTopUpAsync()
    {
        if (await factory.WithDatabase(db => db.TopUps.AnyAsync(t => t.Status == TopUpStatus.Requested)))
        {
            return;
        }

        var browser = await SignedInAsync(DemoSeeder.Provider.Email);
        var response = await browser.SubmitAsync($"/org/{_provider}/wallet", new Dictionary<string, string> { ["TopUp.Amount"] = "100.00" }, $"/org/{_provider}/wallet?handler=TopUp");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task RequestPayoutAsync()
    {
        if (await factory.WithDatabase(db => db.Payouts.AnyAsync(p => p.Status == PayoutStatus.Requested)))
        {
            return;
        }

        var browser = await SignedInAsync(DemoSeeder.Provider.Email);
        var response = await browser.SubmitAsync($"/org/{_provider}/wallet", new Dictionary<string, string> { ["Payout.Amount"] = "1.00", ["Payout.BankAccount"] = "6222 0000 1111 2222" }, $"/org/{_provider}/wallet?handler=Payout");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
