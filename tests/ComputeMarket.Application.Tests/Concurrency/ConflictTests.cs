using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Domain.Wallets;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Concurrency;

/// <summary>
/// Two people acting on the same thing at the same moment: exactly one of them succeeds and the other gets a
/// message they can act on — never an error page, never both, never money moved twice. On PostgreSQL these run
/// truly in parallel; on SQLite the write queue orders them, and both orders must come out right.
/// </summary>
public abstract class ConflictTests(SliceFixture fixture)
{
    private const int Rounds = 8;

    [DatabaseFact]
    public async Task A_provider_repricing_an_offer_while_a_buyer_orders_it_gives_one_success_and_one_clear_conflict()
    {
        var provider = await fixture.ProviderAsync("Repricing Race Provider");
        var buyer = await fixture.BuyerAsync("Repricing Race Buyer", 10_000_00);
        for (var round = 0; round < Rounds; round++)
        {
            var offer = await fixture.ListAsync(provider, fixture.AnOffer(inputPrice: "2.00", outputPrice: "8.00"));
            var form = (await fixture.Send(new GetListingForm(provider.OrganizationId, offer), provider.UserId)).Value;
            var quote = (await fixture.Send(new QuoteOrder(offer, 1_000_000))).Value;
            form.OutputPrice = "9.00";

            var outcomes = await Concurrently.RaceAsync(2, i => i == 0
                ? fixture.Send(new SaveOffer(provider.OrganizationId, offer, form), provider.UserId).ContinueWith(t => (Result)t.Result)
                : fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000, quote.InputPricePerMillion, quote.OutputPricePerMillion), buyer.UserId).ContinueWith(t => (Result)t.Result));

            Assert.Equal(1, outcomes.Count(o => o.Succeeded));
            var refused = Assert.Single(outcomes, o => !o.Succeeded);
            Assert.Equal(ResultStatus.Conflict, refused.Status);
            Assert.Matches("changed (this offer's prices|a moment ago|while you were editing)", refused.Message);
            var stored = await fixture.Query(db => db.Offers.SingleAsync(o => o.Id == offer));
            var allocations = await fixture.Query(db => db.Allocations.Where(a => a.OfferId == offer).ToListAsync());
            if (outcomes[1].Succeeded)
            {
                // The buyer won: the hold was placed at the quoted prices and the provider's stale edit changed nothing.
                Assert.Equal(800, stored.OutputPricePerMillion);
                Assert.Equal(800, Assert.Single(allocations).OutputPricePerMillion);
            }
            else
            {
                Assert.Equal(900, stored.OutputPricePerMillion);
                Assert.Empty(allocations);
                Assert.Equal(0, stored.ReservedTokens);
            }
        }

        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseTheory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public async Task Two_administrators_deciding_one_top_up_at_once_move_the_money_at_most_once(bool first, bool second)
    {
        var buyer = await fixture.BuyerAsync($"Decided Twice {first}{second}", 0);
        for (var round = 0; round < Rounds; round++)
        {
            var topUp = (await fixture.Send(new RequestTopUp(buyer.OrganizationId, "100.00"), buyer.UserId)).Value;

            var outcomes = await Concurrently.RaceAsync(2, i => fixture.Send(
                new DecideWalletRequest(WalletRequestKind.TopUp, topUp.Id, i == 0 ? first : second, "No such transfer arrived."),
                $"admin-{i}",
                PlatformRoles.Administrator));

            Assert.Equal(1, outcomes.Count(o => o.Succeeded));
            var refused = Assert.Single(outcomes, o => !o.Succeeded);
            Assert.Equal(ResultStatus.Conflict, refused.Status);
            Assert.Matches("already (confirmed|rejected)|decided this top-up a moment ago", refused.Message);
            var stored = await fixture.Query(db => db.TopUps.SingleAsync(t => t.Id == topUp.Id));
            var credits = await fixture.Query(db => db.Transfers.CountAsync(t => t.Id == topUp.Id));
            Assert.Equal(stored.Status == TopUpStatus.Confirmed ? 1 : 0, credits);
            Assert.Equal(1, await fixture.Query(db => db.AuditEntries.CountAsync(a => a.Subject == $"topup:{topUp.Reference}")));
        }

        var confirmed = await fixture.Query(db => db.TopUps.CountAsync(t => t.OrganizationId == buyer.OrganizationId && t.Status == TopUpStatus.Confirmed));
        Assert.Equal(confirmed * 100_00, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Posted);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Racing_orders_never_take_an_organization_past_its_monthly_limit()
    {
        // Turns red on PostgreSQL when the order's checks run before the ledger lock (docs/ledger.md, Concurrency).
        var provider = await fixture.ProviderAsync("Limit Race Provider");
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 10_000_000_000, outputPrice: "10.00"));
        var buyer = await fixture.BuyerAsync("Limit Race Buyer", 100_000_00);
        Assert.True((await fixture.Send(new SetSpendingControls(buyer.OrganizationId, "50", null), buyer.UserId)).Succeeded);

        var outcomes = await Concurrently.RaceAsync(16, _ => fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000), buyer.UserId)); // ¥10 each

        Assert.Equal(5, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Contains("monthly spending limit", o.Errors["Tokens"][0], StringComparison.Ordinal));
        Assert.Equal(50_00, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Held);
        Assert.Equal(11, await fixture.Query(db => db.Notifications.CountAsync(n => n.OrganizationId == buyer.OrganizationId && n.Kind == NotificationKind.SpendingLimitReached)));
        await fixture.AssertLedgerIsSoundAsync();
    }

    public sealed class OnSqlite(SliceFixture fixture) : ConflictTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : ConflictTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
