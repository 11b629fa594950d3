using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Infrastructure.Identity;
using ComputeMarket.Web.Localization;
using ComputeMarket.Web.TagHelpers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.Security;

/// <summary>
/// The messages the account pages send: address confirmation, a sign-up on a taken address, a lockout, a password
/// reset, a change of address. Each is written in the recipient's language: the one their account chose, else the
/// language of the request that caused the message.
/// </summary>
public sealed class AccountMail(IMailSender mail, LinkGenerator links, IHttpContextAccessor http, IStringLocalizer<AccountMail> text, DisplayZone zone)
{
    /// <summary>Escapes markup but writes Chinese as text, as the pages do.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public async Task SendConfirmationAsync(UserManager<AppUser> users, AppUser user, CancellationToken cancellationToken = default)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = PageLink("/Account/ConfirmEmail", new { area = "Identity", userId = user.Id, code = Encode(token) });
        var (subject, body) = Compose(LanguageOf(user), () => (
            text["Confirm your ComputeMarket account"],
            Paragraph(text["Welcome to ComputeMarket. Confirm your email address to finish creating your account:"])
            + Link(link, text["Confirm my address"])
            + Paragraph(text["If you did not sign up, ignore this message; nothing happens without the confirmation."])));
        await mail.SendAsync(user.Email!, subject, body, cancellationToken);
    }

    /// <summary>To the owner of an address someone tried to sign up with again.</summary>
    public Task SendSignUpAttemptAsync(AppUser owner, CancellationToken cancellationToken = default)
    {
        var (subject, body) = Compose(LanguageOf(owner), () => (
            text["Someone tried to create a ComputeMarket account with your address"],
            Paragraph(text["Someone tried to create a new ComputeMarket account with this email address, which already has one. Nothing was changed."])
            + Paragraph(text["If it was you: sign in instead, and use \"Forgot your password?\" on the sign-in page if you no longer know your password. An invitation link can be opened again once you are signed in."])
            + Paragraph(text["If it was not you, you need not do anything."])));
        return mail.SendAsync(owner.Email!, subject, body, cancellationToken);
    }

    public Task SendLockedOutAsync(AppUser user, int failedAttempts, DateTimeOffset lockedUntil, CancellationToken cancellationToken = default)
    {
        var until = LocalTimeTagHelper.Format(zone, lockedUntil.UtcDateTime, TimeShown.Minute);
        var (subject, body) = Compose(LanguageOf(user), () => (
            text["Your ComputeMarket account was locked"],
            Paragraph(text["Your ComputeMarket account was locked after {0} failed sign-in attempts. It unlocks by itself at {1}.", failedAttempts, until])
            + Paragraph(text["If this was not you, someone may be guessing your password: reset it with \"Forgot your password?\" on the sign-in page. Resetting the password also unlocks the account at once."])));
        return mail.SendAsync(user.Email!, subject, body, cancellationToken);
    }

    public async Task SendPasswordResetAsync(UserManager<AppUser> users, AppUser user, CancellationToken cancellationToken = default)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = PageLink("/Account/ResetPassword", new { area = "Identity", code = Encode(token) });
        var (subject, body) = Compose(LanguageOf(user), () => (
            text["Reset your ComputeMarket password"],
            Paragraph(text["Someone asked to reset the password of your ComputeMarket account. Choose a new password here:"])
            + Link(link, text["Choose a new password"])
            + Paragraph(text["If it was not you, ignore this message; your password stays as it is."])));
        await mail.SendAsync(user.Email!, subject, body, cancellationToken);
    }

    /// <summary>To the new address a person wants for their account; the change happens when they follow the link.</summary>
    public async Task SendEmailChangeAsync(UserManager<AppUser> users, AppUser user, string newEmail, CancellationToken cancellationToken = default)
    {
        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        var link = PageLink("/Account/ConfirmEmailChange", new { area = "Identity", userId = user.Id, email = newEmail, code = Encode(token) });
        var (subject, body) = Compose(LanguageOf(user), () => (
            text["Confirm your new email address for ComputeMarket"],
            Paragraph(text["You asked to use this address for your ComputeMarket account. Confirm it to make the change:"])
            + Link(link, text["Confirm my new address"])
            + Paragraph(text["If you did not ask for this, ignore this message; the account keeps its current address."])));
        await mail.SendAsync(newEmail, subject, body, cancellationToken);
    }

    /// <summary>The account's language when it chose one, else the language of the current request.</summary>
    public static string LanguageOf(AppUser user) =>
        Languages.Match(user.PreferredLanguage) ?? Languages.Match(CultureInfo.CurrentUICulture.Name) ?? Languages.Chinese;

    /// <summary>Writes a message in <paramref name="language"/>, whatever the language of the request that sends it.</summary>
    private static (string Subject, string Body) Compose(string language, Func<(LocalizedString Subject, string Body)> write)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            var (subject, body) = write();
            return (subject.Value, body);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    private static string Paragraph(LocalizedString content) => $"<p>{Html.Encode(content.Value)}</p>";

    private static string Link(string href, LocalizedString content) =>
        $"<p><a href=\"{Html.Encode(href)}\">{Html.Encode(content.Value)}</a></p>";

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>An absolute link to a page of this site, on the address the current request came to.</summary>
    private string PageLink(string page, object values) =>
        links.GetUriByPage(http.HttpContext!, page, handler: null, values)
        ?? throw new InvalidOperationException($"No route to {page}.");
}
