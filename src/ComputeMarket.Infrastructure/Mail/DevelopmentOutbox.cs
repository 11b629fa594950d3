using System.Collections.Concurrent;

namespace ComputeMarket.Infrastructure.Mail;

/// <summary>
/// In Development, where nothing is sent, the last messages the logging sender wrote are kept here too, so that a
/// person trying the site can open a confirmation or reset link from the browser (<c>/dev/outbox</c>). Not
/// registered in any other environment.
/// </summary>
public sealed class DevelopmentOutbox
{
    private const int Kept = 50;
    private readonly ConcurrentQueue<OutboxMessage> _messages = new();

    public void Add(OutboxMessage message)
    {
        _messages.Enqueue(message);
        while (_messages.Count > Kept && _messages.TryDequeue(out _))
        {
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<OutboxMessage> Messages => [.. _messages.Reverse()];
}

public sealed record OutboxMessage(DateTime SentAtUtc, string To, string Subject, string HtmlBody);
