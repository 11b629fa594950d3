using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ComputeMarket.Web.Tests;

/// <summary>The people the matrix sends requests as, in the order of its columns.</summary>
public enum Persona
{
    Anonymous,

    /// <summary>Viewer in Lanting AI Studio.</summary>
    Viewer,

    /// <summary>Purchaser in Lanting AI Studio.</summary>
    Purchaser,

    /// <summary>Owner of Xiling Robotics, asking for Lanting AI Studio's pages.</summary>
    OtherOwner,

    /// <summary>Owner of Huadong GPU Cloud, a verified provider: its own listings, and Lanting AI Studio's other pages.</summary>
    Provider,

    Auditor,
    Administrator,
}

/// <summary>
/// What one persona should get from one route: the status, where a redirect leads (the path, exactly), and whether
/// the request may change the database (only an allowed request may, and only where the entry says so).
/// </summary>
public sealed record Expect(int Status, string? Location = null, bool MayWrite = false)
{
    public static readonly Expect Ok = new(200);
    public static readonly Expect SignIn = new(302, "/Identity/Account/Login");
    public static readonly Expect BadRequest = new(400);
    public static readonly Expect Unauthorized = new(401);
    public static readonly Expect Forbidden = new(403);
    public static readonly Expect NotFound = new(404);

    public static Expect RedirectTo(string path) => new(302, path);

    public Expect Writing() => this with { MayWrite = true };

    public override string ToString() => (Location is null ? $"{Status}" : $"{Status} → {Location}") + (MayWrite ? " (may write)" : "");
}

/// <summary>
/// The authorization matrix: every page handler and endpoint the running app maps, read from its route table, times
/// every persona, against the expectations below (taken from the README's permission table). Each request's status
/// (and redirect) must match, and a request the expectations do not allow to write must leave every table as it was.
/// A page or endpoint without an entry fails the test, and so does an entry whose page or endpoint is gone.
/// </summary>
public sealed partial class AuthorizationMatrixTests(ComputeMarketFactory factory, ITestOutputHelper output) : IClassFixture<ComputeMarketFactory>
{
    private static readonly Persona[] Personas = Enum.GetValues<Persona>();

    private static readonly Dictionary<Persona, string> Emails = new()
    {
        [Persona.Viewer] = DemoSeeder.BuyerColleague.Email,
        [Persona.Purchaser] = DemoSeeder.BuyerPurchaser.Email,
        [Persona.OtherOwner] = DemoSeeder.SecondBuyer.Email,
        [Persona.Provider] = DemoSeeder.Provider.Email,
        [Persona.Auditor] = DemoSeeder.Auditor.Email,
        [Persona.Administrator] = ComputeMarketFactory.AdminEmail,
    };

    /// <summary>An id that names nothing, for requests whose allowed persona must be refused rather than change something.</summary>
    private static readonly string Nothing = Guid.NewGuid().ToString();

    [Fact]
    public async Task Every_page_handler_and_endpoint_has_an_expectation_and_every_expectation_a_route()
    {
        var discovered = (await RouteTable.DiscoverAsync(factory.Services)).Select(r => r.ToString()).ToHashSet(StringComparer.Ordinal);

        var missing = discovered.Where(key => !Expectations.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();
        var stale = Expectations.Keys.Where(key => !discovered.Contains(key)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Routes without an entry in the authorization matrix:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "Entries in the authorization matrix for routes the app no longer has:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task Every_persona_gets_what_the_permission_table_allows_and_refused_requests_write_nothing()
    {
        var clock = Stopwatch.StartNew();
        var rows = (await RouteTable.DiscoverAsync(factory.Services)).Where(r => Expectations.ContainsKey(r.ToString())).ToList();
        var seeds = await SeedAsync();
        var sessions = new Dictionary<Persona, Session>();
        foreach (var persona in Personas)
        {
            sessions[persona] = await OpenSessionAsync(persona);
        }

        var connection = await factory.WithDatabase(db => Task.FromResult(db.Database.GetConnectionString()!));
        var before = await DatabaseSnapshot.TakeAsync(connection);
        var failures = new List<string>();
        var byStatus = new SortedDictionary<int, int>();
        var byExpectation = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var requests = 0;
        foreach (var row in rows)
        {
            var entry = Expectations[row.ToString()];
            foreach (var persona in Personas)
            {
                var expected = entry.For(persona);
                var (path, response) = await SendAsync(sessions[persona], row, entry, seeds);
                requests++;
                var status = (int)response.StatusCode;
                byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                byExpectation[Describe(expected)] = byExpectation.GetValueOrDefault(Describe(expected)) + 1;

                var location = response.Headers.Location?.AbsolutePathOf();
                var expectedLocation = expected.Location?.Replace("{orgId}", seeds.Lanting.ToString(), StringComparison.Ordinal)
                    .Replace("{id}", seeds.Allocation.ToString(), StringComparison.Ordinal);
                if (status != expected.Status || (expectedLocation is not null && !string.Equals(location, expectedLocation, StringComparison.Ordinal)))
                {
                    failures.Add($"{row} as {persona} ({row.Method} {path}): expected {expected}, got {status}{(location is null ? "" : $" → {location}")}");
                }

                var after = await DatabaseSnapshot.TakeAsync(connection);
                var changes = after.ChangesSince(before);
                if (changes.Count > 0 && !expected.MayWrite)
                {
                    failures.Add($"{row} as {persona} ({row.Method} {path}) wrote: {string.Join(", ", changes)}");
                }

                before = after;
                if (entry.EndsSession)
                {
                    sessions[persona] = await OpenSessionAsync(persona);
                    before = await DatabaseSnapshot.TakeAsync(connection);
                }
            }
        }

        output.WriteLine($"Rows: {rows.Count} (page handlers and endpoints); personas: {Personas.Length}; requests: {requests}; {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("Expected outcomes: " + string.Join(", ", byExpectation.Select(p => $"{p.Key} × {p.Value}")));
        output.WriteLine("Statuses received: " + string.Join(", ", byStatus.Select(p => $"{p.Key} × {p.Value}")));
        output.WriteLine($"Mismatches: {failures.Count}");
        foreach (var failure in failures)
        {
            output.WriteLine("  " + failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests did not get what the matrix expects:\n" + string.Join("\n", failures));
    }

    private static string Describe(Expect expected) => expected switch
    {
        { Status: 302, Location: "/Identity/Account/Login" } => "sign in",
        { Status: 302 } => "redirect",
        { Status: 200 } => "200",
        _ => expected.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    } + (expected.MayWrite ? " (may write)" : "");

    // ---- The expectations ----------------------------------------------------------------------------------------

    /// <summary>
    /// One entry per route row. Where the route names an organization it is Lanting AI Studio, except on the listing
    /// pages, where it is the provider's own Huadong GPU Cloud (so the provider is tested as the owner it is there, and
    /// as a stranger on every other organization page). Bodies are chosen so that an allowed request is refused by its
    /// use case (an unknown id, an invalid field, a stale price) rather than change something, except where the entry
    /// says it may write.
    /// </summary>
    private static readonly Dictionary<string, Entry> Expectations = new(StringComparer.Ordinal)
    {
        // Public pages and the error pages.
        ["GET /"] = Everyone(Expect.Ok),
        ["GET /Index"] = Everyone(Expect.Ok),
        ["GET /Error/{code:int?}"] = Everyone(Expect.Ok),
        ["POST /Error/{code:int?}"] = Everyone(Expect.Ok),
        ["GET /Identity/Error"] = Everyone(Expect.Ok),
        ["GET /market"] = Everyone(Expect.Ok),
        ["GET /market/offers/{id:guid}"] = Everyone(Expect.Ok),
        ["POST /market/offers/{id:guid} Review"] = Everyone(Expect.Ok) with { Form = s => new() { ["Order.Tokens"] = s.OfferMinimumTokens } },

        // Buying needs a purchaser (or owner) of the buying organization; a stale quoted price refuses the purchaser's order.
        ["POST /market/offers/{id:guid} Confirm"] = LantingMembers(Expect.Forbidden, Expect.Ok) with
        {
            Form = s => new()
            {
                ["Order.BuyerOrganizationId"] = s.Lanting.ToString(),
                ["Order.Tokens"] = s.OfferMinimumTokens,
                ["Order.QuotedInputPricePerMillion"] = s.StaleInputPrice,
            },
        },
        ["POST /market/offers/{id:guid} BuyPackage"] = LantingMembers(Expect.Forbidden, Expect.NotFound) with
        {
            Form = s => new() { ["Order.BuyerOrganizationId"] = s.Lanting.ToString(), ["packageId"] = Nothing },
        },

        // The language switch: anyone; a language the site does not speak is refused on the page.
        ["GET /Language"] = Everyone(Expect.Ok),
        ["POST /Language"] = Everyone(Expect.Ok) with { Form = _ => new() { ["language"] = "fr" } },

        ["GET /dashboard"] = SignedIn(Expect.Ok),
        ["GET /dev/outbox"] = Everyone(Expect.NotFound),
        ["GET /health/live"] = Everyone(Expect.Ok),
        ["GET /health/ready"] = Everyone(Expect.Ok),

        // Invitation links: anyone holding the link reads it; accepting needs a signed-in person (the link posted to is revoked).
        ["GET /invitations/{token}"] = Everyone(Expect.Ok),
        ["POST /invitations/{token}"] = SignedIn(Expect.Ok),

        // Administration.
        ["GET /hangfire"] = Administrators(Expect.Ok),
        ["GET /admin/jobs"] = Administrators(Expect.Ok),
        ["GET /admin/fees"] = Administrators(Expect.Ok),
        ["POST /admin/fees"] = Administrators(Expect.Ok) with { Form = _ => new() { ["Percent"] = "not a rate" } },
        ["POST /admin/jobs Settle"] = Administrators(Expect.RedirectTo("/admin/jobs").Writing()),
        ["GET /admin/organizations"] = Administrators(Expect.Ok),
        ["POST /admin/organizations Verify"] = Administrators(Expect.NotFound) with { Form = _ => new() { ["id"] = Nothing, ["verified"] = "true" } },
        ["GET /admin/wallets"] = Administrators(Expect.Ok),
        ["POST /admin/wallets TopUp"] = Administrators(Expect.NotFound) with { Form = _ => new() { ["id"] = Nothing, ["confirm"] = "false", ["note"] = "No such transfer arrived." } },
        ["POST /admin/wallets Payout"] = Administrators(Expect.NotFound) with { Form = _ => new() { ["id"] = Nothing, ["approve"] = "false", ["note"] = "The bank account is closed." } },

        // The ledger console and audit log: auditors and administrators read; either may start a full verification.
        ["GET /audit/ledger"] = AuditorsAndAdministrators(Expect.Ok),
        ["POST /audit/ledger Verify"] = AuditorsAndAdministrators(Expect.RedirectTo("/audit/ledger").Writing()),
        ["GET /audit/log"] = AuditorsAndAdministrators(Expect.Ok),
        ["GET /audit/log Export"] = AuditorsAndAdministrators(Expect.Ok),
        ["GET /audit/accounts/{id:long}"] = AuditorsAndAdministrators(Expect.Ok),
        ["GET /audit/accounts/{id:long} Export"] = AuditorsAndAdministrators(Expect.Ok),
        ["GET /audit/settlements"] = AuditorsAndAdministrators(Expect.Ok),
        ["GET /audit/settlements/{batchId:guid}"] = AuditorsAndAdministrators(Expect.Ok),

        // Lanting AI Studio's pages: members read; a purchaser buys, cancels and requests top-ups; owners do the rest.
        ["GET /org/{orgId:guid}"] = LantingMembers(Expect.Ok, Expect.Ok),
        ["POST /org/{orgId:guid} Invite"] = LantingMembers(Expect.Forbidden, Expect.Forbidden) with
        {
            Form = _ => new() { ["Input.ValidForDays"] = "7", ["Input.Role"] = "Owner" },
        },
        ["POST /org/{orgId:guid} ChangeRole"] = LantingMembers(Expect.Forbidden, Expect.Forbidden) with
        {
            Query = s => $"memberUserId={s.ViewerUserId}",
            Form = _ => new() { ["Role"] = "Owner" },
        },
        ["POST /org/{orgId:guid} Revoke"] = LantingMembers(Expect.Forbidden, Expect.Forbidden) with
        {
            Form = s => new() { ["invitationId"] = s.InvitationId.ToString() },
        },
        ["GET /org/{orgId:guid}/allocations"] = LantingMembers(Expect.Ok, Expect.Ok),
        ["GET /org/{orgId:guid}/allocations/{id:guid}"] = LantingMembers(Expect.Ok, Expect.Ok),
        ["POST /org/{orgId:guid}/allocations/{id:guid} Cancel"] = LantingMembers(Expect.Forbidden, Expect.RedirectTo("/org/{orgId}/allocations/{id}").Writing()),
        ["GET /org/{orgId:guid}/wallet"] = LantingMembers(Expect.Ok, Expect.Ok),
        ["GET /org/{orgId:guid}/wallet Export"] = LantingMembers(Expect.Ok, Expect.Ok),
        ["GET /org/{orgId:guid}/settlements/{batchId:guid}"] = LantingMembers(Expect.Ok, Expect.Ok),
        ["GET /org/{orgId:guid}/usage"] = LantingMembers(Expect.Ok, Expect.Ok),
        ["GET /org/{orgId:guid}/usage Export"] = LantingMembers(Expect.Ok, Expect.Ok),
        ["POST /org/{orgId:guid}/wallet TopUp"] = LantingMembers(Expect.Forbidden, Expect.RedirectTo("/org/{orgId}/wallet").Writing()) with
        {
            Form = _ => new() { ["TopUp.Amount"] = "100.00" },
        },
        ["POST /org/{orgId:guid}/wallet Controls"] = LantingMembers(Expect.Forbidden, Expect.Forbidden) with
        {
            Form = _ => new() { ["Controls.MonthlyLimit"] = "1.00", ["Controls.LowBalanceThreshold"] = "1.00" },
        },

        // API keys are for owners only: nobody in the matrix owns Lanting AI Studio, so everybody is refused.
        ["GET /org/{orgId:guid}/keys"] = LantingMembers(Expect.Forbidden, Expect.Forbidden),
        ["POST /org/{orgId:guid}/keys Create"] = LantingMembers(Expect.Forbidden, Expect.Forbidden) with
        {
            Form = _ => new() { ["Input.Name"] = "Matrix key", ["Input.Scope"] = "Usage" },
        },
        ["POST /org/{orgId:guid}/keys Revoke"] = LantingMembers(Expect.Forbidden, Expect.Forbidden) with
        {
            Query = _ => $"keyId={Nothing}",
        },

        // Payouts are for owners of verified providers; Lanting AI Studio is a buyer, so nobody may.
        ["POST /org/{orgId:guid}/wallet Payout"] = LantingMembers(Expect.Forbidden, Expect.Forbidden) with
        {
            Form = _ => new() { ["Payout.Amount"] = "1.00", ["Payout.BankAccount"] = "6222 0200 0000 0000" },
        },

        // The provider's own listings (Huadong GPU Cloud): its owner only.
        ["GET /org/{orgId:guid}/listings"] = ProviderOwner(Expect.Ok),
        ["POST /org/{orgId:guid}/listings Status"] = ProviderOwner(Expect.NotFound) with { Form = _ => new() { ["offerId"] = Nothing, ["action"] = "Pause" } },
        ["GET /org/{orgId:guid}/listings/new"] = ProviderOwner(Expect.Ok),
        ["POST /org/{orgId:guid}/listings/new"] = ProviderOwner(Expect.Ok),
        ["POST /org/{orgId:guid}/listings/new Package"] = ProviderOwner(Expect.NotFound) with { Form = _ => new() { ["Package.Tokens"] = "0" } },
        ["POST /org/{orgId:guid}/listings/new WithdrawPackage"] = ProviderOwner(Expect.NotFound) with { Form = _ => new() { ["packageId"] = Nothing } },
        ["GET /org/{orgId:guid}/listings/{offerId:guid}/edit"] = ProviderOwner(Expect.Ok),
        ["POST /org/{orgId:guid}/listings/{offerId:guid}/edit"] = ProviderOwner(Expect.Ok),
        ["POST /org/{orgId:guid}/listings/{offerId:guid}/edit Package"] = ProviderOwner(Expect.Ok) with { Form = _ => new() { ["Package.Tokens"] = "0" } },
        ["POST /org/{orgId:guid}/listings/{offerId:guid}/edit WithdrawPackage"] = ProviderOwner(Expect.NotFound) with { Form = _ => new() { ["packageId"] = Nothing } },

        // The API answers 401/403 problem details instead of redirects.
        ["GET /api/v1/organizations/{orgId:guid}"] = LantingMembers(Expect.Ok, Expect.Ok) with { Anonymous = Expect.Unauthorized },
        ["POST /api/v1/organizations/{orgId:guid}/invitations"] = LantingMembers(Expect.Forbidden, Expect.Forbidden) with
        {
            Anonymous = Expect.Unauthorized,
            Json = new { validForDays = 7, role = "Owner" },
        },

        // The metering API takes API keys, never the sign-in cookie: every persona here is a stranger to it.
        ["POST /api/v1/usage"] = Everyone(Expect.Unauthorized) with { Json = new { events = Array.Empty<object>() } },
        ["GET /api/v1/allocations"] = Everyone(Expect.Unauthorized),
        ["GET /api/v1/usage/summary"] = Everyone(Expect.Unauthorized),

        // The API's description and its browsable reference are public.
        ["GET /openapi/{documentName}.json"] = Everyone(Expect.Ok),
        ["GET /api-reference/{documentName?}"] = Everyone(Expect.Ok),
        ["GET /api-reference/scalar.js"] = Everyone(Expect.Ok),
        ["GET /api-reference/scalar.aspnetcore.js"] = Everyone(Expect.Ok),
        ["GET /api-reference/favicon.svg"] = Everyone(Expect.Ok),

        // Identity's account pages open to everyone.
        ["GET /Identity/Account/AccessDenied"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/ConfirmEmail"] = Everyone(Expect.RedirectTo("/")),
        ["GET /Identity/Account/ConfirmEmailChange"] = Everyone(Expect.RedirectTo("/")),
        ["GET /Identity/Account/ExternalLogin"] = Everyone(Expect.RedirectTo("/Identity/Account/Login")),
        ["GET /Identity/Account/ExternalLogin Callback"] = Everyone(Expect.RedirectTo("/Identity/Account/Login")),
        ["POST /Identity/Account/ExternalLogin"] = Everyone(Expect.RedirectTo("/Identity/Account/Login")),
        ["POST /Identity/Account/ExternalLogin Confirmation"] = Everyone(Expect.RedirectTo("/Identity/Account/Login")),
        ["GET /Identity/Account/ForgotPassword"] = Everyone(Expect.Ok),
        ["POST /Identity/Account/ForgotPassword"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/ForgotPasswordConfirmation"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/Lockout"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/Login"] = Everyone(Expect.Ok),
        ["POST /Identity/Account/Login"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/LoginWith2fa"] = Everyone(Expect.RedirectTo("/Identity/Account/Login")),
        ["POST /Identity/Account/LoginWith2fa"] = Everyone(Expect.RedirectTo("/Identity/Account/Login")),
        ["GET /Identity/Account/LoginWithRecoveryCode"] = Everyone(Expect.RedirectTo("/Identity/Account/Login")),
        ["POST /Identity/Account/LoginWithRecoveryCode"] = Everyone(Expect.RedirectTo("/Identity/Account/Login")),
        ["GET /Identity/Account/Logout"] = Everyone(Expect.Ok),
        ["POST /Identity/Account/Logout"] = Everyone(Expect.RedirectTo("/Identity/Account/Logout")) with { EndsSession = true },
        ["GET /Identity/Account/Register"] = Everyone(Expect.Ok),
        ["POST /Identity/Account/Register"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/RegisterConfirmation"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/ResendEmailConfirmation"] = Everyone(Expect.Ok),
        ["POST /Identity/Account/ResendEmailConfirmation"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/ResetPassword"] = Everyone(Expect.BadRequest),
        ["POST /Identity/Account/ResetPassword"] = Everyone(Expect.Ok),
        ["GET /Identity/Account/ResetPasswordConfirmation"] = Everyone(Expect.Ok),

        // "Your account": the signed-in person's own account only. Empty posts are refused by the page's validation;
        // the two-factor pages of a person without two-factor send them to its overview. Changing one's own
        // authenticator key may write (to the person's own account).
        ["GET /Identity/Account/Manage"] = SignedIn(Expect.Ok),
        ["POST /Identity/Account/Manage"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage")),
        ["GET /Identity/Account/Manage/Index"] = SignedIn(Expect.Ok),
        ["POST /Identity/Account/Manage/Index"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage")),
        ["GET /Identity/Account/Manage/ChangePassword"] = SignedIn(Expect.Ok),
        ["POST /Identity/Account/Manage/ChangePassword"] = SignedIn(Expect.Ok),
        ["GET /Identity/Account/Manage/DeletePersonalData"] = SignedIn(Expect.Ok),
        ["POST /Identity/Account/Manage/DeletePersonalData"] = SignedIn(Expect.Ok),
        ["GET /Identity/Account/Manage/DownloadPersonalData"] = SignedIn(Expect.NotFound),
        ["POST /Identity/Account/Manage/DownloadPersonalData"] = SignedIn(Expect.Ok),
        ["GET /Identity/Account/Manage/Email"] = SignedIn(Expect.Ok),
        ["POST /Identity/Account/Manage/Email ChangeEmail"] = SignedIn(Expect.Ok),
        ["POST /Identity/Account/Manage/Email SendVerificationEmail"] = SignedIn(Expect.Ok),
        ["GET /Identity/Account/Manage/ExternalLogins"] = SignedIn(Expect.Ok),
        ["GET /Identity/Account/Manage/ExternalLogins LinkLoginCallback"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/ExternalLogins")),
        ["POST /Identity/Account/Manage/ExternalLogins LinkLogin"] = SignedIn(Expect.RedirectTo("/Identity/Account/Login")),
        ["POST /Identity/Account/Manage/ExternalLogins RemoveLogin"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/ExternalLogins")),
        ["GET /Identity/Account/Manage/PersonalData"] = SignedIn(Expect.Ok),
        ["GET /Identity/Account/Manage/SetPassword"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/ChangePassword")),
        ["POST /Identity/Account/Manage/SetPassword"] = SignedIn(Expect.Ok),
        ["GET /Identity/Account/Manage/TwoFactorAuthentication"] = SignedIn(Expect.Ok),
        ["POST /Identity/Account/Manage/TwoFactorAuthentication"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/TwoFactorAuthentication")),
        ["GET /Identity/Account/Manage/Disable2fa"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/TwoFactorAuthentication")),
        ["POST /Identity/Account/Manage/Disable2fa"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/TwoFactorAuthentication")),
        ["GET /Identity/Account/Manage/GenerateRecoveryCodes"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/TwoFactorAuthentication")),
        ["POST /Identity/Account/Manage/GenerateRecoveryCodes"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/TwoFactorAuthentication")),
        ["GET /Identity/Account/Manage/ShowRecoveryCodes"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/TwoFactorAuthentication")),
        ["GET /Identity/Account/Manage/EnableAuthenticator"] = SignedIn(Expect.Ok.Writing()),
        ["POST /Identity/Account/Manage/EnableAuthenticator"] = SignedIn(Expect.Ok.Writing()),
        ["GET /Identity/Account/Manage/ResetAuthenticator"] = SignedIn(Expect.Ok),
        ["POST /Identity/Account/Manage/ResetAuthenticator"] = SignedIn(Expect.RedirectTo("/Identity/Account/Manage/EnableAuthenticator").Writing()),
    };

    private static Entry Everyone(Expect expected) => new(expected, expected, expected, expected, expected, expected, expected);

    private static Entry SignedIn(Expect expected) => Everyone(expected) with { Anonymous = Expect.SignIn };

    /// <summary>Lanting AI Studio's pages: its viewer and purchaser as given; strangers to it, platform staff included, 403.</summary>
    private static Entry LantingMembers(Expect viewer, Expect purchaser) =>
        new(Expect.SignIn, viewer, purchaser, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden);

    /// <summary>Huadong GPU Cloud's listing pages: its owner (the provider) as given; everyone else 403.</summary>
    private static Entry ProviderOwner(Expect provider) =>
        new(Expect.SignIn, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, provider, Expect.Forbidden, Expect.Forbidden);

    private static Entry Administrators(Expect administrator) =>
        new(Expect.SignIn, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, administrator);

    private static Entry AuditorsAndAdministrators(Expect expected) =>
        new(Expect.SignIn, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, expected, expected);

    /// <summary>One row of expectations, one per persona, and what to send besides the route.</summary>
    private sealed record Entry(Expect Anonymous, Expect Viewer, Expect Purchaser, Expect OtherOwner, Expect Provider, Expect Auditor, Expect Administrator)
    {
        public Func<Seeds, Dictionary<string, string>>? Form { get; init; }

        public Func<Seeds, string>? Query { get; init; }

        /// <summary>A JSON body, for API posts.</summary>
        public object? Json { get; init; }

        /// <summary>The request signs the persona out; the persona signs in again before the next request.</summary>
        public bool EndsSession { get; init; }

        public Expect For(Persona persona) => persona switch
        {
            Persona.Anonymous => Anonymous,
            Persona.Viewer => Viewer,
            Persona.Purchaser => Purchaser,
            Persona.OtherOwner => OtherOwner,
            Persona.Provider => Provider,
            Persona.Auditor => Auditor,
            Persona.Administrator => Administrator,
            _ => throw new ArgumentOutOfRangeException(nameof(persona)),
        };
    }

    // ---- Sending ----------------------------------------------------------------------------------------------------

    /// <summary>The data the routes and bodies point at: the demo's, plus what <see cref="SeedAsync"/> creates through the site.</summary>
    private sealed record Seeds(
        Guid Lanting,
        Guid Huadong,
        Guid Offer,
        string OfferMinimumTokens,
        string StaleInputPrice,
        Guid Allocation,
        Guid InvitationId,
        string InvitationToken,
        string RevokedInvitationToken,
        long Account,
        string ViewerUserId,
        Guid Batch);

    private sealed class Session(Browser browser, string token)
    {
        public Browser Browser => browser;

        public string Token => token;
    }

    private async Task<Session> OpenSessionAsync(Persona persona)
    {
        var browser = Browser.For(factory);
        if (Emails.TryGetValue(persona, out var email))
        {
            await browser.SignInAsync(email);
        }

        return new Session(browser, await browser.AntiforgeryTokenAsync("/Identity/Account/Login"));
    }

    private static async Task<(string Path, HttpResponseMessage Response)> SendAsync(Session session, RouteRow row, Entry entry, Seeds seeds)
    {
        var path = "/" + RouteParameter().Replace(row.Route, match => RouteValue(row, match.Groups[1].Value, seeds));
        var query = new List<string>();
        if (row.Handler is not null)
        {
            query.Add($"handler={row.Handler}");
        }

        if (entry.Query?.Invoke(seeds) is { } extra)
        {
            query.Add(extra);
        }

        var url = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        if (row.Method == "GET")
        {
            return (path, await session.Browser.Client.GetAsync(url));
        }

        if (entry.Json is not null)
        {
            return (path, await session.Browser.Client.PostAsJsonAsync(url, entry.Json));
        }

        var form = entry.Form?.Invoke(seeds) ?? [];
        form["__RequestVerificationToken"] = session.Token;
        return (path, await session.Browser.Client.PostAsync(url, new FormUrlEncodedContent(form)));
    }

    /// <summary>The value of a route parameter for this row (see <see cref="Expectations"/> for which organization).</summary>
    private static string RouteValue(RouteRow row, string name, Seeds seeds) => name switch
    {
        "orgId" when row.Route.StartsWith("org/{orgId:guid}/listings", StringComparison.Ordinal) => seeds.Huadong.ToString(),
        "orgId" => seeds.Lanting.ToString(),
        "offerId" => seeds.Offer.ToString(),
        "batchId" => seeds.Batch.ToString(),
        "id" when row.Route.StartsWith("market/", StringComparison.Ordinal) => seeds.Offer.ToString(),
        "id" when row.Route.StartsWith("org/", StringComparison.Ordinal) => seeds.Allocation.ToString(),
        "id" when row.Route.StartsWith("audit/", StringComparison.Ordinal) => seeds.Account.ToString(System.Globalization.CultureInfo.InvariantCulture),

        // Reading a live link; accepting a revoked one, so that nobody joins Lanting AI Studio halfway through the matrix.
        "token" => row.Method == "GET" ? seeds.InvitationToken : seeds.RevokedInvitationToken,
        "code" => "404",
        "documentName" => "v1",
        _ => throw new InvalidOperationException($"No value for {{{name}}} in {row}: add one to {nameof(RouteValue)}."),
    };

    [GeneratedRegex(@"\{([A-Za-z]+)(?::[^}?]+)?\??\}")]
    private static partial Regex RouteParameter();

    /// <summary>
    /// What the matrix points at, made through the site as Lanting AI Studio's owner would: an allocation (an order on
    /// one of the provider's offers), a live invitation and a revoked one.
    /// </summary>
    private async Task<Seeds> SeedAsync()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var (lanting, huadong, offer, account, viewerId, batch) = await factory.WithDatabase(async db =>
        {
            var lanting = await db.Organizations.Where(o => o.Name == DemoSeeder.FirstBuyerOrganization).Select(o => o.Id).SingleAsync();
            var huadong = await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
            var offers = await db.Offers.Where(o => o.ProviderOrganizationId == huadong && o.Status == OfferStatus.Active).ToListAsync();
            var offer = offers.OrderBy(o => o.Id).First(o => o.AvailableFromUtc <= now && now < o.AvailableUntilUtc && o.TotalQuotaTokens - o.ReservedTokens >= o.MinimumPurchaseTokens);
            var account = await db.Accounts.Where(a => a.OwnerOrganizationId == lanting).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
            var viewerId = await db.Users.Where(u => u.Email == DemoSeeder.BuyerColleague.Email).Select(u => u.Id).SingleAsync();
            var batch = await db.SettlementLines.Where(l => l.BuyerOrganizationId == lanting).OrderBy(l => l.BatchId).Select(l => l.BatchId).FirstAsync();
            return (lanting, huadong, offer, account, viewerId, batch);
        });

        var owner = Browser.For(factory);
        await owner.SignInAsync(DemoSeeder.Buyer.Email);
        var tokens = offer.MinimumPurchaseTokens.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ordered = await owner.SubmitAsync($"/market/offers/{offer.Id}", new Dictionary<string, string>
        {
            ["Order.BuyerOrganizationId"] = lanting.ToString(),
            ["Order.Tokens"] = tokens,
            ["Order.QuotedInputPricePerMillion"] = offer.InputPricePerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Order.QuotedOutputPricePerMillion"] = offer.OutputPricePerMillion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, $"/market/offers/{offer.Id}?handler=Confirm");
        Assert.Equal(HttpStatusCode.Redirect, ordered.StatusCode);
        var allocation = Guid.Parse(ordered.Headers.Location!.AbsolutePathOf().Split('/')[^1]);

        var live = await InviteAsync(owner, lanting);
        var revoked = await InviteAsync(owner, lanting);
        var revoke = await owner.SubmitAsync($"/org/{lanting}", new Dictionary<string, string> { ["invitationId"] = revoked.Id.ToString() }, $"/org/{lanting}?handler=Revoke");
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);

        return new Seeds(
            lanting,
            huadong,
            offer.Id,
            tokens,
            (offer.InputPricePerMillion + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            allocation,
            live.Id,
            live.Link.Split('/')[^1],
            revoked.Link.Split('/')[^1],
            account,
            viewerId,
            batch);
    }

    private static async Task<(Guid Id, string Link)> InviteAsync(Browser owner, Guid organization)
    {
        var response = await owner.Client.PostAsJsonAsync($"/api/v1/organizations/{organization}/invitations", new { validForDays = 7, role = "Viewer" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<CreatedInvitation>();
        return (created!.Id, created.Link);
    }

    private sealed record CreatedInvitation(Guid Id, string Link);
}
