using ComputeMarket.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;

namespace ComputeMarket.Infrastructure.Mail;

/// <summary>
/// Writes each message to the log instead of sending it (and, in Development, to <see cref="DevelopmentOutbox"/>); a
/// real SMTP or API sender plugs in here.
/// </summary>
public sealed class LoggingMailSender(ILogger<LoggingMailSender> logger, TimeProvider clock, DevelopmentOutbox? outbox = null) : IMailSender
{
    public Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        logger.LogInformation("Mail to {To}: {Subject}\n{Body}", to, subject, htmlBody);
        outbox?.Add(new OutboxMessage(clock.GetUtcNow().UtcDateTime, to, subject, htmlBody));
        return Task.CompletedTask;
    }
}
