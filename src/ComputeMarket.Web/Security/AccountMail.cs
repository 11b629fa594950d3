using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace ComputeMarket.Web.Security;

/// <summary>The messages the account pages send: address confirmation, a sign-up on a taken address, a lockout.</summary>
public sealed class AccountMail(IMailSender mail, LinkGenerator links, IHttpContextAccessor http)
{
    public async Task SendConfirmationAsync(UserManager<AppUser> users, AppUser user, CancellationToken cancellationToken = default)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = PageLink("/Account/ConfirmEmail", new { area = "Identity", userId = user.Id, code });
        await mail.SendAsync(
            user.Email!,
            "Confirm your ComputeMarket account",
            $"<p>Welcome to ComputeMarket. Confirm your email address to finish creating your account: <a href=\"{HtmlEncoder.Default.Encode(link)}\">confirm my address</a>.</p>" +
            "<p>If you did not sign up, ignore this message; nothing happens without the confirmation.</p>",
            cancellationToken);
    }

    public Task SendSignUpAttemptAsync(string email, CancellationToken cancellationToken = default) =>
        mail.SendAsync(
            email,
            "Someone tried to create a ComputeMarket account with your address",
            "<p>Someone tried to create a new ComputeMarket account with this email address, which already has one. " +
            "Nothing was changed.</p><p>If it was you: sign in instead, and use \"Forgot your password?\" on the sign-in page " +
            "if you no longer know your password. An invitation link can be opened again once you are signed in.</p>" +
            "<p>If it was not you, you need not do anything.</p>",
            cancellationToken);

    public Task SendLockedOutAsync(string email, int failedAttempts, DateTimeOffset lockedUntil, CancellationToken cancellationToken = default) =>
        mail.SendAsync(
            email,
            "Your ComputeMarket account was locked",
            $"<p>Your ComputeMarket account was locked after {failedAttempts} failed sign-in attempts. " +
            $"It unlocks by itself at {lockedUntil.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.</p>" +
            "<p>If this was not you, someone may be guessing your password: reset it with \"Forgot your password?\" on the sign-in page. " +
            "Resetting the password also unlocks the account at once.</p>",
            cancellationToken);

    /// <summary>An absolute link to a page of this site, on the address the current request came to.</summary>
    private string PageLink(string page, object values) =>
        links.GetUriByPage(http.HttpContext!, page, handler: null, values)
        ?? throw new InvalidOperationException($"No route to {page}.");
}
