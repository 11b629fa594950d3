using System.Net;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Infrastructure.Jobs;
using ComputeMarket.Infrastructure.Seeding;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Web.Tests;

/// <summary>The auditor's ledger page: verified since the latest signed checkpoint, a full walk on request, accounts paged.</summary>
public sealed class LedgerConsoleTests(ComputeMarketFactory factory) : IClassFixture<ComputeMarketFactory>
{
    [Fact]
    public async Task After_a_checkpoint_is_sealed_the_page_verifies_only_what_came_after_it()
    {
        var sealedAt = await SealAsync();
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);

        var page = WebUtility.HtmlDecode(await auditor.GetPageAsync("/audit/ledger"));

        Assert.NotNull(sealedAt);
        Assert.Contains($"verified since signed checkpoint #{sealedAt}", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chain-status\">Intact", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"seal-problem\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_asks_for_a_full_verification_and_sees_its_result()
    {
        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);
        var buyer = Browser.For(factory);
        await buyer.SignInAsync(DemoSeeder.Buyer.Email);

        var refused = await buyer.SubmitAsync("/dashboard", new Dictionary<string, string>(), "/audit/ledger?handler=Verify");
        var asked = await auditor.SubmitAsync("/audit/ledger", new Dictionary<string, string>(), "/audit/ledger?handler=Verify");
        var running = WebUtility.HtmlDecode(await auditor.GetPageAsync("/audit/ledger"));
        var run = await factory.WithDatabase(db => db.LedgerVerificationRuns.SingleAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FullVerificationJob>().RunAsync(run.Id, CancellationToken.None);
        }

        var finished = WebUtility.HtmlDecode(await auditor.GetPageAsync("/audit/ledger"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Contains("Running since", running, StringComparison.Ordinal);
        Assert.Contains("asked for by Wen Auditor", running, StringComparison.Ordinal);
        var head = await factory.WithDatabase(db => db.LedgerHeads.Select(h => h.LastSequence).SingleAsync());
        Assert.Contains($"Intact: {head} transfers verified from the first to #{head}", finished, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_are_listed_a_page_at_a_time()
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            for (var i = 0; i < 20; i++)
            {
                Assert.True((await mediator.Send(new RegisterAccount($"paging{i}@example.com", ComputeMarketFactory.Password, $"Paging {i}", $"Paging Organization {i:00}"))).Succeeded);
            }
        }

        var auditor = Browser.For(factory);
        await auditor.SignInAsync(DemoSeeder.Auditor.Email);
        var accounts = await factory.WithDatabase(db => db.Accounts.CountAsync());

        var first = await auditor.GetPageAsync("/audit/ledger");
        var second = await auditor.GetPageAsync("/audit/ledger?p=2");

        Assert.True(accounts > 50);
        Assert.Contains($"Page 1 of {(accounts + 49) / 50}", first, StringComparison.Ordinal);
        Assert.Equal(50, CountRows(first));
        Assert.Equal(Math.Min(50, accounts - 50), CountRows(second));
        Assert.Contains("Paging Organization 19", WebUtility.HtmlDecode(second), StringComparison.Ordinal);
    }

    private static int CountRows(string page) =>
        page[page.IndexOf("data-testid=\"accounts\"", StringComparison.Ordinal)..].Split("<tr>").Length - 2;

    private async Task<long?> SealAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var sealedAt = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SealLedgerCheckpoint());
        Assert.True(sealedAt.Succeeded, sealedAt.Message);
        return sealedAt.Value;
    }
}
