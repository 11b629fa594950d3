using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Jobs;

public abstract class CloseExpiredAllocationsTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task Expired_allocations_close_once_release_their_holds_and_ended_offers_expire()
    {
        var provider = await fixture.ProviderAsync("Expiring Provider");
        var buyer = await fixture.BuyerAsync("Expiring Buyer", 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer());
        var placed = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 5_000_000), buyer.UserId)).Value;
        Assert.Equal(40_00, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Held);

        fixture.Clock.Advance(TimeSpan.FromDays(31));
        await Concurrently.RaceAsync(2, _ => fixture.InScope(sp => sp.GetRequiredService<CloseExpiredAllocationsJob>().RunAsync(CancellationToken.None).ContinueWith(t => t.IsCompletedSuccessfully)));

        var allocation = await fixture.Query(db => db.Allocations.SingleAsync(a => a.Id == placed.AllocationId));
        Assert.Equal((AllocationStatus.Closed, AllocationCloseReason.Expired), (allocation.Status, allocation.CloseReason));
        Assert.Equal(0, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Held);
        Assert.Equal(1_000_00, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Available);
        Assert.Equal(OfferStatus.Expired, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.Status).SingleAsync()));
        await fixture.AssertLedgerIsSoundAsync();
    }

    public sealed class OnSqlite(SliceFixture fixture) : CloseExpiredAllocationsTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : CloseExpiredAllocationsTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
