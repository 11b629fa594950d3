using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Application.Tests.Organizations;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Jobs;

public abstract class VoidExpiredTransfersTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task Expired_holds_are_released_once_even_when_the_job_runs_twice_at_the_same_time()
    {
        var buyer = await fixture.RegisterFounderAsync("expiry@holds.example", "Expiring Holds Ltd");
        var wallet = await fixture.Query(db => db.Accounts.Where(a => a.OwnerOrganizationId == buyer.OrganizationId && a.Asset == Asset.Money && a.Code == AccountCode.Wallet).Select(a => a.Id).SingleAsync());
        Guid expiring = Guid.NewGuid(), lasting = Guid.NewGuid();
        var funded = await fixture.PostAsync(
            new TransferRequest(Guid.NewGuid(), PlatformAccounts.MoneyExternal, wallet, 1_000_00, TransferCode.TopUp, "test:fund"),
            new TransferRequest(expiring, wallet, PlatformAccounts.MoneyExternal, 300_00, TransferCode.Payout, "test:short-hold", TransferFlags.Pending, Timeout: TimeSpan.FromMinutes(5)),
            new TransferRequest(lasting, wallet, PlatformAccounts.MoneyExternal, 200_00, TransferCode.Payout, "test:long-hold", TransferFlags.Pending, Timeout: TimeSpan.FromHours(5)));
        Assert.True(funded.Applied);

        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            fixture.InScope(sp => sp.GetRequiredService<VoidExpiredTransfersJob>().RunAsync(CancellationToken.None).ContinueWith(t => t.IsCompletedSuccessfully)))));

        var balance = await fixture.Query(async db => (await db.Accounts.SingleAsync(a => a.Id == wallet)).Balance);
        Assert.Equal(200_00, balance.Held);
        Assert.Equal(800_00, balance.Available);
        var voids = await fixture.Query(db => db.Transfers.Where(t => t.PendingId == expiring).ToListAsync());
        var release = Assert.Single(voids);
        Assert.Equal(TransferCode.Expiry, release.Code);
        Assert.False(await fixture.Query(db => db.Transfers.AnyAsync(t => t.PendingId == lasting)));
        await fixture.AssertLedgerIsSoundAsync();
    }

    public sealed class OnSqlite(SliceFixture fixture) : VoidExpiredTransfersTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : VoidExpiredTransfersTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
