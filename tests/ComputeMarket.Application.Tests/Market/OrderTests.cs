using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Market;

public abstract class OrderTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task An_order_reserves_quota_holds_the_maximum_cost_and_opens_an_allocation_with_a_hashed_key()
    {
        var provider = await fixture.ProviderAsync("Order Provider");
        var buyer = await fixture.BuyerAsync("Order Buyer", 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(inputPrice: "2.00", outputPrice: "8.00"));

        var placed = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 10_000_001), buyer.UserId);

        Assert.True(placed.Succeeded, placed.Message);
        Assert.Equal(8_001, placed.Value.HoldAmount); // 10,000,001 × ¥8.00 / 1M = 80.000008 → rounded up to ¥80.01
        var allocation = await fixture.Query(db => db.Allocations.SingleAsync(a => a.Id == placed.Value.AllocationId));
        Assert.Equal(10_000_001, allocation.QuotaTokens);
        Assert.Equal(200, allocation.InputPricePerMillion);
        Assert.Equal(800, allocation.OutputPricePerMillion);
        Assert.StartsWith("cmk_", placed.Value.AccessKey, StringComparison.Ordinal);
        Assert.NotEqual(placed.Value.AccessKey, allocation.AccessKeyHash);
        Assert.Equal(ComputeMarket.Application.Common.Security.SecretToken.Hash(placed.Value.AccessKey), allocation.AccessKeyHash);
        Assert.Equal(10_000_001, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.ReservedTokens).SingleAsync()));
        var wallet = (await fixture.AccountAsync(buyer.MoneyWallet)).Balance;
        Assert.Equal(8_001, wallet.Held);
        Assert.Equal(1_000_00 - 8_001, wallet.Available);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task A_price_change_never_alters_an_existing_allocation_and_is_kept_in_the_price_history()
    {
        var provider = await fixture.ProviderAsync("Repricing Provider");
        var buyer = await fixture.BuyerAsync("Repricing Buyer", 1_000_00);
        var form = fixture.AnOffer(inputPrice: "2.00", outputPrice: "8.00");
        var offer = await fixture.ListAsync(provider, form);
        var placed = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000), buyer.UserId)).Value;
        fixture.Clock.Advance(TimeSpan.FromHours(1));

        form.InputPrice = "3.00";
        form.OutputPrice = "12.00";
        Assert.True((await fixture.Send(new SaveOffer(provider.OrganizationId, offer, form), provider.UserId)).Succeeded);

        var allocation = await fixture.Query(db => db.Allocations.SingleAsync(a => a.Id == placed.AllocationId));
        Assert.Equal((200, 800, 800L), (allocation.InputPricePerMillion, allocation.OutputPricePerMillion, allocation.HoldAmount));
        var detail = (await fixture.Send(new GetOffer(offer))).Value;
        Assert.Equal([(200L, 800L), (300L, 1_200L)], detail.PriceHistory.Select(p => (p.InputPricePerMillion, p.OutputPricePerMillion)));
        Assert.Equal(1_200, detail.MaxPricePerMillion);
    }

    [DatabaseFact]
    public async Task Sixty_four_buyers_racing_for_quota_enough_for_ten_orders_exactly_ten_win()
    {
        const int Buyers = 64, Winners = 10, Tokens = 5_000_000;
        var provider = await fixture.ProviderAsync("Racing Provider");
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: Winners * Tokens, outputPrice: "8.00"));
        var buyers = new List<Trader>();
        for (var i = 0; i < 8; i++)
        {
            buyers.Add(await fixture.BuyerAsync($"Racer {i}", 1_000_00));
        }

        var outcomes = await Concurrently.RaceAsync(Buyers, i => fixture.Send(new PlaceOrder(buyers[i % 8].OrganizationId, offer, Tokens), buyers[i % 8].UserId));

        Assert.Equal(Winners, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o =>
        {
            Assert.Equal(ResultStatus.Conflict, o.Status);
            Assert.Equal("This offer is sold out.", o.Message);
        });
        var stored = await fixture.Query(db => db.Offers.SingleAsync(o => o.Id == offer));
        Assert.Equal(stored.TotalQuotaTokens, stored.ReservedTokens);
        Assert.Equal(OfferStatus.SoldOut, stored.Status);
        var allocations = await fixture.Query(db => db.Allocations.Where(a => a.OfferId == offer).ToListAsync());
        Assert.Equal(Winners, allocations.Count);
        Assert.Equal(Winners * Tokens, allocations.Sum(a => a.QuotaTokens));
        var held = 0L;
        foreach (var buyer in buyers)
        {
            held += (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Held;
        }

        Assert.Equal(allocations.Sum(a => a.HoldAmount), held);
        Assert.Equal(Winners * 40_00, held);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Racing_orders_from_one_wallet_never_overdraw_it()
    {
        var provider = await fixture.ProviderAsync("Wallet Race Provider");
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 10_000_000_000, outputPrice: "10.00"));
        var buyer = await fixture.BuyerAsync("Thin Wallet Buyer", 7 * 10_00); // enough for exactly 7 holds of ¥10.00

        var outcomes = await Concurrently.RaceAsync(32, _ => fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000), buyer.UserId));

        Assert.Equal(7, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Contains("available balance is not enough for the maximum cost of this order: it is ¥0.00, the order needs ¥10.00, ¥10.00 more", o.Errors["Tokens"][0], StringComparison.Ordinal));
        var wallet = (await fixture.AccountAsync(buyer.MoneyWallet)).Balance;
        Assert.Equal(0, wallet.Available);
        Assert.Equal(7_000_000, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.ReservedTokens).SingleAsync()));
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseTheory]
    [InlineData(0, PlaceOrderValidator.TokensMessage)]
    [InlineData(999_999, "The minimum purchase is 1,000,000 tokens.")]
    [InlineData(200_000_001, "Only 100,000,000 tokens are left; the offer cannot be oversold.")]
    public async Task A_bad_order_says_why_and_writes_nothing(long tokens, string message)
    {
        var provider = await fixture.ProviderAsync($"Strict Provider {tokens}");
        var buyer = await fixture.BuyerAsync($"Strict Buyer {tokens}", 100_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000));
        var transfers = await fixture.TransferCountAsync();

        var placed = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, tokens), buyer.UserId);

        Assert.Equal(ResultStatus.Invalid, placed.Status);
        Assert.Contains(message, placed.Errors["Tokens"]);
        Assert.Equal(transfers, await fixture.TransferCountAsync());
        Assert.False(await fixture.Query(db => db.Allocations.AnyAsync(a => a.OfferId == offer)));
        Assert.Equal(0, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.ReservedTokens).SingleAsync()));
    }

    [DatabaseFact]
    public async Task An_order_past_the_monthly_limit_is_refused_with_a_notification_and_crossing_the_threshold_notifies()
    {
        var provider = await fixture.ProviderAsync("Limit Provider");
        var buyer = await fixture.BuyerAsync("Limited Buyer", 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(outputPrice: "10.00"));
        Assert.True((await fixture.Send(new SetSpendingControls(buyer.OrganizationId, "150", "950"), buyer.UserId)).Succeeded);

        var first = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 10_000_000), buyer.UserId); // ¥100 held
        var second = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 10_000_000), buyer.UserId); // would make ¥200

        Assert.True(first.Succeeded);
        Assert.Equal(ResultStatus.Invalid, second.Status);
        Assert.Contains("monthly spending limit of ¥150.00 by ¥50.00", second.Errors["Tokens"][0], StringComparison.Ordinal);
        Assert.Single(await fixture.Query(db => db.Allocations.Where(a => a.BuyerOrganizationId == buyer.OrganizationId).ToListAsync()));
        var kinds = await fixture.Query(db => db.Notifications.Where(n => n.OrganizationId == buyer.OrganizationId).Select(n => n.Kind).ToListAsync());
        Assert.Contains(NotificationKind.LowBalance, kinds);
        Assert.Contains(NotificationKind.SpendingLimitReached, kinds);
        var status = (await fixture.Send(new GetSpendingStatus(buyer.OrganizationId), buyer.UserId)).Value;
        Assert.True(status.BelowLowBalance);
        Assert.Equal(100_00, status.CommittedThisMonth);
    }

    [DatabaseFact]
    public async Task Members_of_one_organization_cannot_see_or_cancel_anothers_allocations()
    {
        var provider = await fixture.ProviderAsync("Private Provider");
        var owner = await fixture.BuyerAsync("Private Buyer", 1_000_00);
        var stranger = await fixture.BuyerAsync("Nosy Buyer", 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer());
        var placed = (await fixture.Send(new PlaceOrder(owner.OrganizationId, offer, 1_000_000), owner.UserId)).Value;

        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetAllocations(owner.OrganizationId), stranger.UserId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new GetAllocation(stranger.OrganizationId, placed.AllocationId), stranger.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new CancelAllocation(owner.OrganizationId, placed.AllocationId), stranger.UserId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new CancelAllocation(stranger.OrganizationId, placed.AllocationId), stranger.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new PlaceOrder(owner.OrganizationId, offer, 1_000_000), stranger.UserId)).Status);
        Assert.Equal(AllocationStatus.Active, await fixture.Query(db => db.Allocations.Where(a => a.Id == placed.AllocationId).Select(a => a.Status).SingleAsync()));
        var mine = (await fixture.Send(new GetAllocations(owner.OrganizationId), owner.UserId)).Value;
        Assert.Equal(placed.AllocationId, Assert.Single(mine).Id);
        Assert.Equal(Asset.Money, (await fixture.AccountAsync(owner.MoneyWallet)).Asset);
    }

    public sealed class OnSqlite(SliceFixture fixture) : OrderTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : OrderTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
