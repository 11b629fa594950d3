using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

/// <summary>The app with Identity's own password hasher wrapped so that a test can see when a password is checked.</summary>
public sealed class ObservedHasherFactory : ComputeMarketFactory
{
    public ObservedHasherFactory() =>
        TestServices.Add(services => services.AddScoped<IPasswordHasher<AppUser>>(_ => new ObservedPasswordHasher(Checks)));

    public PasswordChecks Checks { get; } = new();

    public sealed class PasswordChecks
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>Identity's hasher, unchanged, counting its password checks.</summary>
    private sealed class ObservedPasswordHasher(PasswordChecks checks) : PasswordHasher<AppUser>
    {
        public override PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            checks.Add();
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>
/// Sign-in, lockout and password reset answer the same whether an account exists or not, a lockout tells the owner
/// and cannot keep them out past a password reset, and the stock Identity pages a stranger can reach never fail.
/// </summary>
public sealed partial class AccountProtectionTests(ObservedHasherFactory factory) : IClassFixture<ObservedHasherFactory>
{
    private async Task<string> ConfirmedAccountAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test Person", CreatedAtUtc = DateTime.UtcNow };
        Assert.True((await users.CreateAsync(user, ComputeMarketFactory.Password)).Succeeded);
        return user.Id;
    }

    /// <summary>What a stranger sees of a sign-in answer: the status, where it leads, and the page's message.</summary>
    private static async Task<(HttpStatusCode Status, string? Location, string Message)> AnswerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var message = Alert().Match(body) is { Success: true } alert ? Regex.Replace(alert.Groups[1].Value, "<[^>]+>", "").Trim() : "";
        return (response.StatusCode, response.Headers.Location?.ToString(), message);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer_and_both_check_a_password_hash()
    {
        await ConfirmedAccountAsync("same-answer@qiming.example");

        var before = factory.Checks.Count;
        var real = await AnswerAsync(await Browser.For(factory).TrySignInAsync("same-answer@qiming.example", "not-the-password-1"));
        var afterReal = factory.Checks.Count;
        var unknown = await AnswerAsync(await Browser.For(factory).TrySignInAsync("no-such-person@qiming.example", "not-the-password-1"));
        var afterUnknown = factory.Checks.Count;

        Assert.Equal((HttpStatusCode.OK, (string?)null, "The email address or the password is wrong."), real);
        Assert.Equal(real, unknown);
        Assert.Equal(1, afterReal - before);
        Assert.Equal(1, afterUnknown - afterReal);
    }

    [Fact]
    public async Task An_unknown_email_locks_after_five_failures_exactly_as_a_real_account_does()
    {
        await ConfirmedAccountAsync("locks-like@qiming.example");

        var real = new List<(HttpStatusCode, string?, string)>();
        var unknown = new List<(HttpStatusCode, string?, string)>();
        for (var attempt = 0; attempt < 7; attempt++)
        {
            real.Add(await AnswerAsync(await Browser.For(factory).TrySignInAsync("locks-like@qiming.example", "not-the-password-1")));
            unknown.Add(await AnswerAsync(await Browser.For(factory).TrySignInAsync("locks-like-nobody@qiming.example", "not-the-password-1")));
        }

        Assert.Equal(real, unknown);
        Assert.All(real.Take(4), answer => Assert.Equal(HttpStatusCode.OK, answer.Item1));
        Assert.All(real.Skip(4), answer => Assert.Equal("/Identity/Account/Lockout", answer.Item2));

        // The right password changes nothing while the lock lasts.
        var right = await AnswerAsync(await Browser.For(factory).TrySignInAsync("locks-like@qiming.example", ComputeMarketFactory.Password));
        Assert.Equal(real[^1], right);
    }

    [Fact]
    public async Task Locking_an_account_mails_its_owner_when_it_unlocks_and_to_reset_the_password_and_a_reset_unlocks_it()
    {
        var userId = await ConfirmedAccountAsync("locked-owner@qiming.example");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Browser.For(factory).TrySignInAsync("locked-owner@qiming.example", "not-the-password-1");
        }

        var notice = Assert.Single(factory.Mail.To("locked-owner@qiming.example"));
        Assert.Contains("locked", notice.Subject, StringComparison.Ordinal);
        Assert.Contains("5 failed sign-in attempts", notice.HtmlBody, StringComparison.Ordinal);
        Assert.Matches(@"unlocks by itself at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", notice.HtmlBody);
        Assert.Contains("reset it", notice.HtmlBody, StringComparison.Ordinal);

        // The owner resets the password through the reset page and is in at once, lock or no lock.
        string code;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var token = await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(userId))!);
            code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        }

        var owner = Browser.For(factory);
        var reset = await owner.SubmitAsync($"/Identity/Account/ResetPassword?code={code}", new Dictionary<string, string>
        {
            ["Input.Email"] = "locked-owner@qiming.example",
            ["Input.Password"] = "a-new-password-7",
            ["Input.ConfirmPassword"] = "a-new-password-7",
            ["Input.Code"] = code,
        });
        Assert.Equal("/Identity/Account/ResetPasswordConfirmation", reset.Headers.Location?.ToString());
        await owner.SignInAsync("locked-owner@qiming.example", "a-new-password-7");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_a_known_and_an_unknown_email()
    {
        var known = await Browser.For(factory).SubmitAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = DemoSeeder.SecondProvider.Email });
        var unknown = await Browser.For(factory).SubmitAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = "nobody-at-all@qiming.example" });

        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal("/Identity/Account/ForgotPasswordConfirmation", known.Headers.Location?.ToString());
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        Assert.Contains(factory.Mail.To(DemoSeeder.SecondProvider.Email), m => m.Subject.Contains("Reset", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("a-new-password-7")]
    [InlineData("short")]
    public async Task A_password_reset_with_a_bad_link_answers_the_same_for_a_known_and_an_unknown_email(string password)
    {
        Dictionary<string, string> Fields(string email) => new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["Input.Code"] = "bm90IGEgcmVhbCBjb2Rl",
        };

        var known = await AnswerAsync(await Browser.For(factory).SubmitAsync("/Identity/Account/ResetPassword?code=Zm9v", Fields(DemoSeeder.SecondProvider.Email)));
        var unknown = await AnswerAsync(await Browser.For(factory).SubmitAsync("/Identity/Account/ResetPassword?code=Zm9v", Fields("nobody-at-all@qiming.example")));

        Assert.Equal(HttpStatusCode.OK, known.Status);
        Assert.Equal(known, unknown);
    }

    [Theory]
    [InlineData("/Identity/Account/LoginWith2fa")]
    [InlineData("/Identity/Account/LoginWithRecoveryCode")]
    public async Task A_two_factor_step_without_a_pending_sign_in_sends_to_the_sign_in_page(string path)
    {
        var response = await Browser.For(factory).GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("2fa", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example")]
    public async Task Signing_out_with_a_return_address_on_another_site_lands_on_the_home_page(string returnUrl)
    {
        var browser = Browser.For(factory);
        await browser.SignInAsync(DemoSeeder.SecondProvider.Email);

        var response = await browser.SubmitAsync("/", new Dictionary<string, string>(), $"/Identity/Account/Logout?returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/dashboard")).StatusCode);
    }

    [GeneratedRegex("<div class=\"[^\"]*validation-summary-errors[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex Alert();
}
