using ComputeMarket.Application.Common.Interfaces;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace ComputeMarket.Web.Security;

/// <summary>Lets the Identity pages (password reset, e-mail change) send through the application's mail sender.</summary>
internal sealed class IdentityEmailSender(IMailSender mail) : IEmailSender
{
    public Task SendEmailAsync(string email, string subject, string htmlMessage) => mail.SendAsync(email, subject, htmlMessage);
}
