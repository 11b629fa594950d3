using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests.Localization;

/// <summary>
/// Every account page a person can reach speaks Chinese to a Chinese browser (and English to an English one), and
/// the mail the account pages send is written in the recipient's language.
/// </summary>
public sealed partial class IdentityLanguageTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    private Browser Speaking(string acceptLanguage)
    {
        var browser = Browser.For(factory);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return browser;
    }

    /// <summary>A confirmed account of its own for each test, so that one test's two-factor set-up cannot leak into another.</summary>
    private async Task<AppUser> AccountAsync(string email, string? preferredLanguage = null, bool twoFactor = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Zhang Wei",
            CreatedAtUtc = DateTime.UtcNow,
            PreferredLanguage = preferredLanguage,
            TwoFactorEnabled = twoFactor,
        };
        Assert.True((await users.CreateAsync(user, ComputeMarketFactory.Password)).Succeeded);
        return user;
    }

    private async Task<Browser> SignedInAsync(string acceptLanguage, string email)
    {
        await AccountAsync(email);
        var browser = Speaking(acceptLanguage);
        await browser.SignInAsync(email);
        return browser;
    }

    /// <summary>The page's headings (h1–h3), tags stripped.</summary>
    private static List<string> Headings(string page) =>
        [.. Heading().Matches(page).Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", "").Trim()))];

    private static void AssertSpeaks(string page, string language, string heading, string otherHeading)
    {
        Assert.Equal(language, HtmlLang().Match(page).Groups[1].Value);
        Assert.Contains(heading, Headings(page));
        Assert.DoesNotContain(otherHeading, Headings(page));
    }

    public static TheoryData<string, string, string> AnonymousPages() => new()
    {
        { "/Identity/Account/Login", "登录", "Sign in" },
        { "/Identity/Account/Register", "注册账户", "Create an account" },
        { "/Identity/Account/Register?invitation=abc", "注册账户", "Create an account" },
        { "/Identity/Account/RegisterConfirmation?email=a%40b.example", "请查收邮件以继续", "Check your email to continue" },
        { "/Identity/Account/ForgotPassword", "忘记密码？", "Forgot your password?" },
        { "/Identity/Account/ForgotPasswordConfirmation", "请查收邮件", "Check your email" },
        { "/Identity/Account/ResetPassword?code=abc", "设置新密码", "Choose a new password" },
        { "/Identity/Account/ResetPasswordConfirmation", "密码已重置", "Your password was reset" },
        { "/Identity/Account/ResendEmailConfirmation", "重新发送确认链接", "Send the confirmation link again" },
        { "/Identity/Account/Lockout", "账户已锁定", "Account locked" },
        { "/Identity/Account/AccessDenied", "无权访问", "Access denied" },
        { "/Identity/Account/Logout", "退出登录", "Sign out" },
    };

    [Theory]
    [MemberData(nameof(AnonymousPages))]
    public async Task An_account_page_anyone_can_open_speaks_Chinese_to_a_Chinese_browser_and_English_to_an_English_one(string path, string chinese, string english)
    {
        AssertSpeaks(await Speaking("zh-CN").GetPageAsync(path), "zh-CN", chinese, english);
        AssertSpeaks(await Speaking("en").GetPageAsync(path), "en", english, chinese);
    }

    [Fact]
    public async Task The_links_of_the_confirmation_and_address_change_mails_open_pages_in_Chinese()
    {
        var user = await AccountAsync("links-zh@qiming.example");
        var browser = Speaking("zh-CN");

        AssertSpeaks(await browser.GetPageAsync($"/Identity/Account/ConfirmEmail?userId={user.Id}&code=bm90LWEtdG9rZW4"), "zh-CN", "确认邮箱地址", "Confirm your email address");
        AssertSpeaks(await browser.GetPageAsync($"/Identity/Account/ConfirmEmailChange?userId={user.Id}&email=new%40qiming.example&code=bm90LWEtdG9rZW4"), "zh-CN", "确认新邮箱地址", "Confirm your new email address");
    }

    public static TheoryData<string, string, string> AccountPages() => new()
    {
        { "/Identity/Account/Manage", "个人资料", "Profile" },
        { "/Identity/Account/Manage/Email", "邮箱地址", "Email address" },
        { "/Identity/Account/Manage/ChangePassword", "修改密码", "Change your password" },
        { "/Identity/Account/Manage/TwoFactorAuthentication", "两步验证", "Two-factor authentication" },
        { "/Identity/Account/Manage/EnableAuthenticator", "设置身份验证器应用", "Set up an authenticator app" },
        { "/Identity/Account/Manage/ResetAuthenticator", "重置身份验证器密钥", "Reset the authenticator key" },
        { "/Identity/Account/Manage/PersonalData", "个人数据", "Personal data" },
        { "/Identity/Account/Manage/DeletePersonalData", "注销账户", "Erase your account" },
    };

    [Theory]
    [MemberData(nameof(AccountPages))]
    public async Task A_page_of_your_account_speaks_Chinese_to_a_Chinese_browser(string path, string chinese, string english)
    {
        var browser = await SignedInAsync("zh-CN", $"manage-{Guid.NewGuid():N}@qiming.example");

        var page = await browser.GetPageAsync(path);

        AssertSpeaks(page, "zh-CN", chinese, english);
        AssertSpeaks(page, "zh-CN", "我的账户", "Your account");
    }

    [Fact]
    public async Task The_two_factor_pages_speak_Chinese_from_the_sign_in_step_to_the_recovery_codes()
    {
        var email = $"two-factor-{Guid.NewGuid():N}@qiming.example";
        await AccountAsync(email, twoFactor: true);
        var signingIn = Speaking("zh-CN");
        var password = await signingIn.TrySignInAsync(email, ComputeMarketFactory.Password);
        Assert.StartsWith("/Identity/Account/LoginWith2fa", password.Headers.Location!.ToString(), StringComparison.Ordinal);
        AssertSpeaks(await signingIn.GetPageAsync(password.Headers.Location.ToString()), "zh-CN", "两步验证登录", "Two-factor sign-in");
        AssertSpeaks(await signingIn.GetPageAsync("/Identity/Account/LoginWithRecoveryCode"), "zh-CN", "使用恢复码登录", "Sign in with a recovery code");

        // Signed in with the password alone, then two-factor turned on behind the session's back (its cookie stays valid).
        var other = $"two-factor-on-{Guid.NewGuid():N}@qiming.example";
        var browser = await SignedInAsync("zh-CN", other);
        await factory.WithDatabase(db => db.Users.Where(u => u.Email == other).ExecuteUpdateAsync(u => u.SetProperty(x => x.TwoFactorEnabled, true)));
        AssertSpeaks(await browser.GetPageAsync("/Identity/Account/Manage/Disable2fa"), "zh-CN", "关闭两步验证", "Turn two-factor sign-in off");
        AssertSpeaks(await browser.GetPageAsync("/Identity/Account/Manage/GenerateRecoveryCodes"), "zh-CN", "生成新的恢复码", "Make new recovery codes");

        var generated = await browser.SubmitAsync("/Identity/Account/Manage/GenerateRecoveryCodes", new Dictionary<string, string>());
        Assert.Equal("/Identity/Account/Manage/ShowRecoveryCodes", generated.Headers.Location?.ToString());
        var codes = await browser.GetPageAsync("/Identity/Account/Manage/ShowRecoveryCodes");
        AssertSpeaks(codes, "zh-CN", "您的恢复码", "Your recovery codes");
        Assert.Equal(10, RecoveryCode().Count(codes));
        Assert.Contains("已生成新的恢复码。", codes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_message_left_by_an_account_page_is_in_the_persons_language()
    {
        var browser = await SignedInAsync("zh-CN", $"status-{Guid.NewGuid():N}@qiming.example");

        var saved = await browser.SubmitAsync("/Identity/Account/Manage", new Dictionary<string, string> { ["Input.PhoneNumber"] = "+86 138 0000 0000" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        Assert.Contains("个人资料已保存。", await browser.GetPageAsync(saved.Headers.Location!.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_up_from_a_Chinese_browser_keeps_Chinese_as_the_accounts_language_and_gets_a_Chinese_confirmation_mail()
    {
        var email = $"signup-zh-{Guid.NewGuid():N}@qiming.example";

        var registered = await Speaking("zh-CN,en;q=0.5").SubmitAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "王芳",
            ["Input.OrganizationName"] = "启明算力",
            ["Input.Email"] = email,
            ["Input.Password"] = "qiming-compute-7",
            ["Input.ConfirmPassword"] = "qiming-compute-7",
        });

        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var mail = Assert.Single(factory.Mail.To(email));
        Assert.Equal("请确认您的算力超市账户", mail.Subject);
        Assert.Contains("欢迎使用算力超市", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("/Identity/Account/ConfirmEmail?", WebUtility.HtmlDecode(mail.HtmlBody), StringComparison.Ordinal);
        Assert.Equal("zh-CN", await factory.WithDatabase(db => db.Users.Where(u => u.Email == email).Select(u => u.PreferredLanguage).SingleAsync()));
    }

    [Fact]
    public async Task An_account_that_chose_Chinese_gets_a_Chinese_lockout_mail_even_when_the_failed_sign_ins_came_from_an_English_browser()
    {
        var email = $"locked-zh-{Guid.NewGuid():N}@qiming.example";
        await AccountAsync(email, preferredLanguage: "zh-CN");

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Speaking("en-US").TrySignInAsync(email, "not-the-password-1");
        }

        var notice = Assert.Single(factory.Mail.To(email));
        Assert.Equal("您的算力超市账户已被锁定", notice.Subject);
        Assert.Matches(@"连续 5 次登录失败已被锁定，将于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+8 自动解锁", WebUtility.HtmlDecode(notice.HtmlBody));
        Assert.DoesNotContain("locked", notice.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_that_chose_English_gets_an_English_reset_mail_from_a_Chinese_browser()
    {
        var email = $"reset-en-{Guid.NewGuid():N}@qiming.example";
        await AccountAsync(email, preferredLanguage: "en");

        var asked = await Speaking("zh-CN").SubmitAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });

        Assert.Equal("/Identity/Account/ForgotPasswordConfirmation", asked.Headers.Location?.ToString());
        var mail = Assert.Single(factory.Mail.To(email));
        Assert.Equal("Reset your ComputeMarket password", mail.Subject);
        Assert.Contains("/Identity/Account/ResetPassword?code=", WebUtility.HtmlDecode(mail.HtmlBody), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_change_is_confirmed_through_a_mail_to_the_new_address_in_the_accounts_language()
    {
        var email = $"change-{Guid.NewGuid():N}@qiming.example";
        var newEmail = $"changed-{Guid.NewGuid():N}@qiming.example";
        var browser = await SignedInAsync("zh-CN", email);

        var asked = await browser.SubmitAsync("/Identity/Account/Manage/Email", new Dictionary<string, string> { ["Input.NewEmail"] = newEmail }, "/Identity/Account/Manage/Email?handler=ChangeEmail");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var mail = Assert.Single(factory.Mail.To(newEmail));
        Assert.Equal("请确认您在算力超市的新邮箱地址", mail.Subject);

        var link = new Uri(WebUtility.HtmlDecode(MailLink().Match(mail.HtmlBody).Groups[1].Value));
        var confirmed = await browser.GetPageAsync(link.PathAndQuery);

        Assert.Contains("data-changed=\"true\"", confirmed, StringComparison.Ordinal);
        Assert.Equal(newEmail, await factory.WithDatabase(db => db.Users.Where(u => u.UserName == newEmail).Select(u => u.Email).SingleAsync()));
    }

    [Theory]
    [InlineData("en", new[] { "The password needs at least 10 characters.", "The password needs a digit (0-9).", "The password needs a lowercase letter (a-z).", "The password needs at least 4 different characters." })]
    [InlineData("zh-CN", new[] { "密码至少需要 10 个字符。", "密码需要包含数字（0-9）。", "密码需要包含小写字母（a-z）。", "密码至少需要包含 4 个不同的字符。" })]
    public async Task Sign_up_reports_every_password_rule_the_password_breaks_at_once_in_the_browsers_language(string language, string[] rules)
    {
        var response = await Speaking(language).SubmitAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Weak Password",
            ["Input.OrganizationName"] = "Weak Password Studio",
            ["Input.Email"] = $"weak-{Guid.NewGuid():N}@qiming.example",
            ["Input.Password"] = "AAAA",
            ["Input.ConfirmPassword"] = "AAAA",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var shown = FieldErrors().Match(page);
        Assert.True(shown.Success, "The password's messages are not shown.");
        Assert.All(rules, rule => Assert.Contains(rule, shown.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void The_identity_error_describer_words_every_error_identity_can_report()
    {
        var describable = typeof(IdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsVirtual && m.ReturnType == typeof(IdentityError))
            .Select(m => m.Name)
            .ToList();
        var worded = typeof(LocalizedIdentityErrorDescriber).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name)
            .ToHashSet();

        Assert.NotEmpty(describable);
        Assert.All(describable, name => Assert.Contains(name, worded));
    }

    [Fact]
    public async Task The_demo_accounts_still_sign_in()
    {
        var browser = Speaking("zh-CN");
        await browser.SignInAsync(DemoSeeder.Buyer.Email);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard")).StatusCode);
    }

    [GeneratedRegex("<html lang=\"([^\"]+)\"")]
    private static partial Regex HtmlLang();

    [GeneratedRegex(@"<h[1-3][^>]*>(.*?)</h[1-3]>", RegexOptions.Singleline)]
    private static partial Regex Heading();

    [GeneratedRegex("<code class=\"recovery-code\">([^<]+)</code>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex MailLink();

    [GeneratedRegex("<ul class=\"text-danger[^\"]*\" data-testid=\"field-errors\" data-field=\"Input.Password\">.*?</ul>", RegexOptions.Singleline)]
    private static partial Regex FieldErrors();
}
