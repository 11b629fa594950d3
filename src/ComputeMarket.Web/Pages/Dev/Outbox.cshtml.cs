using System.Net;
using System.Text.RegularExpressions;
using ComputeMarket.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComputeMarket.Web.Pages.Dev;

/// <summary>
/// Development only: the mail the site would have sent, so that sign-up confirmation and password reset can be
/// tried without a mail server. Anywhere else the outbox is not registered and this page is 404.
/// </summary>
[AllowAnonymous]
public sealed partial class OutboxModel(DevelopmentOutbox? outbox = null) : PageModel
{
    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (outbox is null)
        {
            return NotFound();
        }

        Messages = outbox.Messages;
        return Page();
    }

    /// <summary>The links in a message (its body is not shown as HTML: it may carry what a stranger typed).</summary>
    public static IReadOnlyList<string> LinksIn(OutboxMessage message) =>
        [.. Href().Matches(message.HtmlBody).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct()];

    /// <summary>The body as plain text.</summary>
    public static string TextOf(OutboxMessage message) => WebUtility.HtmlDecode(Tag().Replace(message.HtmlBody, " ")).Trim();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
