namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>Sends mail to a person. No mail server is needed: the default implementation writes to the log.</summary>
public interface IMailSender
{
    Task SendAsync(string to, string subject, string htmlBody, CancellationToken cancellationToken = default);
}
