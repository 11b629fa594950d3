using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using ComputeMarket.Application.Common.Interfaces;

namespace ComputeMarket.Web.Tests;

/// <summary>The mail sender of the test host: it keeps every message so a test can read what a person would receive.</summary>
public sealed partial class SentMail : IMailSender
{
    private readonly ConcurrentQueue<Message> _messages = new();

    public IReadOnlyList<Message> To(string address) =>
        _messages.Where(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase)).ToList();

    public Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        _messages.Enqueue(new Message(to, subject, htmlBody));
        return Task.CompletedTask;
    }

    /// <summary>The path and query of the email-confirmation link in the latest such message to <paramref name="address"/>.</summary>
    public string ConfirmationLink(string address)
    {
        var message = To(address).Last(m => m.Subject.Contains("Confirm", StringComparison.Ordinal));
        var link = new Uri(WebUtility.HtmlDecode(Link().Match(message.HtmlBody).Groups[1].Value));
        return link.PathAndQuery;
    }

    public sealed record Message(string To, string Subject, string HtmlBody);

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Link();
}
