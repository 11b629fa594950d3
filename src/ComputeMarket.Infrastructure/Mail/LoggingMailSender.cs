using ComputeMarket.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;

namespace ComputeMarket.Infrastructure.Mail;

/// <summary>Writes each message to the log instead of sending it; a real SMTP or API sender plugs in here.</summary>
public sealed class LoggingMailSender(ILogger<LoggingMailSender> logger) : IMailSender
{
    public Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        logger.LogInformation("Mail to {To}: {Subject}\n{Body}", to, subject, htmlBody);
        return Task.CompletedTask;
    }
}
