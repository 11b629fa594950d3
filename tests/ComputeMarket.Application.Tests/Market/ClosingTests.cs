using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Market;

/// <summary>Closing allocations: usage still waiting is settled first, the rest released, to the fen; unused quota returns.</summary>
public abstract class ClosingTests(SliceFixture fixture)
{
    [DatabaseTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Cancelling_posts_the_consumed_cost_and_releases_the_rest_to_the_fen(int seed)
    {
        var random = new Random(seed);
        var provider = await fixture.ProviderAsync($"Closing Provider {seed}");
        var buyer = await fixture.BuyerAsync($"Closing Buyer {seed}", 10_000_000_00);
        for (var round = 0; round < 12; round++)
        {
            var input = $"{random.Next(1, 50)}.{random.Next(0, 100):00}";
            var output = $"{random.Next(1, 80)}.{random.Next(0, 100):00}";
            var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 1_000_000_000, inputPrice: input, outputPrice: output, minimum: 1));
            var tokens = random.NextInt64(1, 200_000_000);
            var placed = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, tokens), buyer.UserId);
            Assert.True(placed.Succeeded, $"seed {seed} round {round}: {placed.Message}");

            // Usage as settlement will record it: some rounds use nothing, some everything, some beyond the quota.
            var used = random.Next(4) switch { 0 => 0, 1 => tokens, 2 => tokens + random.Next(1, 1_000), _ => random.NextInt64(0, tokens) };
            var usedInput = used == 0 ? 0 : random.NextInt64(0, used + 1);
            if (used > 0)
            {
                await fixture.StoreUsageAsync(placed.Value.AllocationId, usedInput, used - usedInput);
            }

            var walletBefore = (await fixture.AccountAsync(buyer.MoneyWallet)).Balance;

            var closed = await fixture.Send(new CancelAllocation(buyer.OrganizationId, placed.Value.AllocationId), buyer.UserId);

            Assert.True(closed.Succeeded, closed.Message);
            var allocation = await fixture.Query(db => db.Allocations.SingleAsync(a => a.Id == placed.Value.AllocationId));
            var expectedCost = Math.Min(placed.Value.HoldAmount, Pricing.Charge(usedInput, used - usedInput, allocation.InputPricePerMillion, allocation.OutputPricePerMillion));
            Assert.Equal(expectedCost, closed.Value.ConsumedCost);
            Assert.Equal(placed.Value.HoldAmount, closed.Value.ConsumedCost + closed.Value.Released);
            var walletAfter = (await fixture.AccountAsync(buyer.MoneyWallet)).Balance;
            Assert.Equal(walletBefore.Held - placed.Value.HoldAmount, walletAfter.Held);
            Assert.Equal(walletBefore.Posted - expectedCost, walletAfter.Posted);
            Assert.Equal(Math.Min(used, tokens), await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.ReservedTokens).SingleAsync()));
            Assert.Equal((AllocationStatus.Closed, AllocationCloseReason.Cancelled), (allocation.Status, allocation.CloseReason));
        }

        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Closing_twice_moves_nothing_twice()
    {
        var provider = await fixture.ProviderAsync("Twice Provider");
        var buyer = await fixture.BuyerAsync("Twice Buyer", 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer());
        var placed = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000), buyer.UserId)).Value;

        var outcomes = await Concurrently.RaceAsync(8, _ => fixture.Send(new CancelAllocation(buyer.OrganizationId, placed.AllocationId), buyer.UserId));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.Equal(1_000_00, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Available);
        Assert.Equal(1, await fixture.Query(db => db.Transfers.CountAsync(t => t.PendingId == placed.AllocationId)));
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseTheory]
    [InlineData(PackageExpiryRule.Refund)]
    [InlineData(PackageExpiryRule.Forfeit)]
    public async Task A_package_is_paid_into_escrow_and_its_remainder_follows_the_stated_rule_at_expiry(PackageExpiryRule rule)
    {
        var provider = await fixture.ProviderAsync($"Package Provider {rule}");
        var buyer = await fixture.BuyerAsync($"Package Buyer {rule}", 100_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 1_000_000_000, minimum: 1));
        var package = new TokenPackage(offer, "10M tokens, 30 days", 10_000_000, 3_990, 30, rule);
        await fixture.Query(db => { db.TokenPackages.Add(package); return db.SaveChangesAsync(); });

        var bought = await fixture.Send(new BuyPackage(buyer.OrganizationId, package.Id), buyer.UserId);

        Assert.True(bought.Succeeded, bought.Message);
        Assert.Equal(3_990, (await fixture.AccountAsync(buyer.MoneyEscrow)).Balance.Posted);
        Assert.Equal(100_00 - 3_990, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Available);
        await fixture.StoreUsageAsync(bought.Value.AllocationId, 1_234_567, 2_000_000);
        var providerWallet = await fixture.Query(db => db.Accounts.Where(a => a.OwnerOrganizationId == provider.OrganizationId && a.Asset == Asset.Money && a.Code == AccountCode.Wallet).Select(a => a.Id).SingleAsync());

        var closed = await fixture.InScope(sp => sp.GetRequiredService<AllocationCloser>().CloseAsync(bought.Value.AllocationId, null, AllocationCloseReason.Expired, CancellationToken.None));

        var earned = 3_234_567L * 3_990 / 10_000_000; // floor: 1290.59… → 1290 fen
        var fee = earned * 500 / 10_000; // the default 5%, floored: 64.5 → 64 fen
        Assert.Equal(earned, closed.Value.ConsumedCost);
        Assert.Equal(3_990 - earned, closed.Value.Released);
        Assert.Equal(0, (await fixture.AccountAsync(buyer.MoneyEscrow)).Balance.Posted);
        Assert.Equal(rule == PackageExpiryRule.Refund ? 100_00 - earned : 100_00 - 3_990, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Posted);
        Assert.Equal(rule == PackageExpiryRule.Refund ? earned - fee : 3_990 - fee, (await fixture.AccountAsync(providerWallet)).Balance.Posted);
        await fixture.AssertLedgerIsSoundAsync();
    }

    public sealed class OnSqlite(SliceFixture fixture) : ClosingTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : ClosingTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
