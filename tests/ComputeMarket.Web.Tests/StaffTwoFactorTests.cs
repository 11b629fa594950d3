using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Seeding;

namespace ComputeMarket.Web.Tests;

/// <summary>The site as deployed: staff must sign in with a second factor.</summary>
public sealed class TwoFactorForStaffFactory : ComputeMarketFactory
{
    public TwoFactorForStaffFactory() => Settings["Security:RequireTwoFactorForStaff"] = "true";
}

/// <summary>
/// Administrators and auditors set up an authenticator app before anything else and then sign in with its codes or
/// a recovery code; everyone else signs in as before.
/// </summary>
public sealed partial class StaffTwoFactorTests(TwoFactorForStaffFactory factory) : IClassFixture<TwoFactorForStaffFactory>
{
    [Fact]
    public async Task The_administrator_is_sent_to_set_up_an_authenticator_then_signs_in_with_its_code_or_a_recovery_code()
    {
        var admin = Browser.For(factory);
        await admin.SignInAsync(ComputeMarketFactory.AdminEmail);

        var blocked = await admin.GetAsync("/admin/organizations");
        var api = await admin.GetAsync($"/api/v1/organizations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal("/Identity/Account/Manage/EnableAuthenticator?required=staff", blocked.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);

        var setup = WebUtility.HtmlDecode(await admin.GetPageAsync(blocked.Headers.Location.ToString()));
        Assert.Contains("data-testid=\"two-factor-required\"", setup, StringComparison.Ordinal);
        var key = SharedKey().Match(setup).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var enabled = await admin.SubmitAsync("/Identity/Account/Manage/EnableAuthenticator", new Dictionary<string, string> { ["Input.Code"] = Totp(key) });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        var recoveryCodes = RecoveryCode().Matches(await admin.GetPageAsync(enabled.Headers.Location!.ToString())).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/organizations")).StatusCode);

        var withCode = Browser.For(factory);
        var password = await withCode.TrySignInAsync(ComputeMarketFactory.AdminEmail, ComputeMarketFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/Identity/Account/LoginWith2fa", password.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await withCode.GetAsync("/admin/organizations")).StatusCode);
        var wrong = await withCode.SubmitAsync(password.Headers.Location.ToString(), new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var right = await withCode.SubmitAsync(password.Headers.Location.ToString(), new Dictionary<string, string> { ["Input.TwoFactorCode"] = Totp(key) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withCode.GetAsync("/admin/organizations")).StatusCode);

        var withRecovery = Browser.For(factory);
        await withRecovery.TrySignInAsync(ComputeMarketFactory.AdminEmail, ComputeMarketFactory.Password);
        var recovered = await withRecovery.SubmitAsync("/Identity/Account/LoginWithRecoveryCode", new Dictionary<string, string> { ["Input.RecoveryCode"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withRecovery.GetAsync("/audit/ledger")).StatusCode);
    }

    [Fact]
    public async Task An_auditor_without_a_second_factor_opens_nothing_but_its_setup_and_a_buyer_is_not_asked()
    {
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);

        Assert.Equal(HttpStatusCode.Redirect, (await auditor.GetAsync("/audit/ledger")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await auditor.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/Identity/Account/Manage/EnableAuthenticator")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync("/dashboard")).StatusCode);
    }

    /// <summary>RFC 6238 with the authenticator apps' parameters: HMAC-SHA1, 30-second steps, six digits.</summary>
    private static string Totp(string base32Key)
    {
        var key = Base32(base32Key);
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // Authenticator apps compute their codes with HMAC-SHA1 (RFC 6238's default); the test does what they do.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var bytes = new List<byte>();
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex("<kbd>([A-Za-z2-7 ]+)</kbd>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<code class=\"recovery-code\">([^<]+)</code>")]
    private static partial Regex RecoveryCode();
}
