using System.Net;
using System.Text.RegularExpressions;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Infrastructure.Mail;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

/// <summary>The app as `dotnet run` starts it: no mail server, the mail it would send readable at /dev/outbox.</summary>
public sealed class DevelopmentFactory : ComputeMarketFactory
{
    public DevelopmentFactory() => TestServices.Add(services => services.AddSingleton<IMailSender, LoggingMailSender>());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}

public sealed partial class DevelopmentOutboxTests(DevelopmentFactory factory) : IClassFixture<DevelopmentFactory>
{
    [Fact]
    public async Task A_visitor_signing_up_in_development_finds_the_confirmation_link_in_the_outbox_and_signs_in()
    {
        var browser = Browser.For(factory);
        var registered = await browser.SubmitAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Lin Trial",
            ["Input.OrganizationName"] = "Trial Compute",
            ["Input.Email"] = "lin@trial.example",
            ["Input.Password"] = "correct-horse-42",
            ["Input.ConfirmPassword"] = "correct-horse-42",
        });
        var confirmation = await browser.GetPageAsync(registered.Headers.Location!.ToString());
        var outbox = WebUtility.HtmlDecode(await browser.GetPageAsync("/dev/outbox"));

        Assert.Contains("data-testid=\"development-outbox\"", confirmation, StringComparison.Ordinal);
        Assert.Contains("lin@trial.example", outbox, StringComparison.Ordinal);
        var link = new Uri(OutboxLink().Match(outbox).Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(link.PathAndQuery)).StatusCode);
        await browser.SignInAsync("lin@trial.example", "correct-horse-42");
        Assert.Contains("Trial Compute", await browser.GetPageAsync("/dashboard"), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-testid=\"outbox-link\">([^<]+)<")]
    private static partial Regex OutboxLink();
}

public sealed class OutsideDevelopmentOutboxTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    [Fact]
    public async Task Outside_development_there_is_no_outbox()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Browser.For(factory).GetAsync("/dev/outbox")).StatusCode);
        Assert.DoesNotContain("development-outbox", await Browser.For(factory).GetPageAsync("/Identity/Account/RegisterConfirmation?email=x%40y.example"), StringComparison.Ordinal);
    }
}
