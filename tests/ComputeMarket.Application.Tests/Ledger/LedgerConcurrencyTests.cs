using ComputeMarket.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using static ComputeMarket.Application.Tests.Ledger.LedgerKit;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Ledger;

/// <summary>
/// Many writers at once, each in its own DI scope (its own DbContext and connection), all released together by
/// one gate so they really collide. The wallet holds exactly enough for <see cref="Winners"/> of them.
/// </summary>
public abstract class LedgerConcurrencyTests(SliceFixture fixture)
{
    private const int Writers = 32;
    private const long Price = 100;
    private const int Winners = 10;

    [DatabaseFact]
    public async Task Concurrent_spenders_cannot_overdraw_a_wallet()
    {
        var (payer, payee) = await FundedPairAsync("single");

        var outcomes = await RaceAsync(Writers, i => i % 2 == 0
            ? Spend(payer.MoneyWallet, PlatformAccounts.MoneyFees, Price)
            : Spend(payer.MoneyWallet, payee.MoneyWallet, Price));

        AssertExactlyTheWinnersSucceeded(outcomes);
        var wallet = await fixture.AccountAsync(payer.MoneyWallet);
        Assert.Equal(new AccountBalance(0, Winners * Price, 0, Winners * Price), wallet.Balance);
        Assert.Equal(0, wallet.Balance.Available);
        await AssertNeverNegativeAsync(payer.MoneyWallet);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Concurrent_holds_cannot_reserve_more_than_the_wallet_holds()
    {
        var (payer, payee) = await FundedPairAsync("holds");

        var outcomes = await RaceAsync(Writers, i => Hold(payer.MoneyWallet, i % 2 == 0 ? PlatformAccounts.MoneyFees : payee.MoneyWallet, Price, timeout: TimeSpan.FromMinutes(30)));

        AssertExactlyTheWinnersSucceeded(outcomes);
        var wallet = await fixture.AccountAsync(payer.MoneyWallet);
        Assert.Equal(new AccountBalance(Winners * Price, 0, 0, Winners * Price), wallet.Balance);
        Assert.Equal(0, wallet.Balance.Available);
        Assert.Equal(Winners * Price, wallet.Balance.Held);
        await AssertNeverNegativeAsync(payer.MoneyWallet);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Single_phase_spends_and_holds_racing_each_other_share_the_balance_exactly()
    {
        var (payer, payee) = await FundedPairAsync("mixed");

        var outcomes = await RaceAsync(Writers, i => (i % 4) switch
        {
            0 => Spend(payer.MoneyWallet, PlatformAccounts.MoneyFees, Price),
            1 => Hold(payer.MoneyWallet, PlatformAccounts.MoneyFees, Price),
            2 => Spend(payer.MoneyWallet, payee.MoneyWallet, Price),
            _ => Hold(payer.MoneyWallet, payee.MoneyWallet, Price),
        });

        AssertExactlyTheWinnersSucceeded(outcomes);
        var wallet = await fixture.AccountAsync(payer.MoneyWallet);
        Assert.Equal(0, wallet.Balance.Available);
        Assert.Equal(Winners * Price, wallet.DebitsPending + wallet.DebitsPosted);
        await AssertNeverNegativeAsync(payer.MoneyWallet);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task A_post_and_a_void_racing_for_the_same_hold_resolve_it_exactly_once()
    {
        var (payer, payee) = await FundedPairAsync("resolve");
        var holds = Enumerable.Range(0, Winners).Select(_ => Guid.NewGuid()).ToArray();
        Assert.True((await fixture.PostAsync([.. holds.Select(id => Hold(payer.MoneyWallet, payee.MoneyWallet, Price, id))])).Applied);

        // Four resolvers per hold: two post it (different ids), two void it.
        var outcomes = await RaceAsync(Winners * 4, i => (i / Winners) switch
        {
            0 or 1 => TransferRequest.Post(Guid.NewGuid(), holds[i % Winners], 60, TransferCode.Settlement, "post"),
            _ => TransferRequest.Void(Guid.NewGuid(), holds[i % Winners], TransferCode.Release, "void"),
        });

        Assert.Equal(Winners, outcomes.Count(o => o.Applied));
        Assert.All(outcomes.Where(o => !o.Applied), o => Assert.Equal([TransferResult.PendingTransferAlreadyResolved], o.Results));
        var resolutions = await fixture.Query(db => db.Transfers.Where(t => t.PendingId != null && holds.Contains(t.PendingId.Value)).ToListAsync());
        Assert.Equal(holds.Order(), resolutions.Select(t => t.PendingId!.Value).Order());
        var posted = resolutions.Count(t => t.Flags == TransferFlags.PostPending) * 60;
        Assert.Equal(new AccountBalance(0, posted, 0, Winners * Price), (await fixture.AccountAsync(payer.MoneyWallet)).Balance);
        Assert.Equal(new AccountBalance(0, 0, 0, posted), (await fixture.AccountAsync(payee.MoneyWallet)).Balance);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Writers_retrying_the_same_transfer_at_once_store_it_exactly_once()
    {
        var (payer, _) = await FundedPairAsync("retry");
        var count = await fixture.TransferCountAsync();
        var payment = Spend(payer.MoneyWallet, PlatformAccounts.MoneyFees, Price);

        var outcomes = await RaceAsync(Writers, _ => payment);

        Assert.All(outcomes, o => Assert.True(o.Applied));
        Assert.Equal(1, outcomes.Count(o => o.Results[0] == TransferResult.Ok));
        Assert.Equal(Writers - 1, outcomes.Count(o => o.Results[0] == TransferResult.Exists));
        Assert.Equal(1, await fixture.Query(db => db.Transfers.CountAsync(t => t.Id == payment.Id)));
        Assert.Equal(count + 1, await fixture.TransferCountAsync());
        Assert.Equal(Price, (await fixture.AccountAsync(payer.MoneyWallet)).DebitsPosted);
        await fixture.AssertLedgerIsSoundAsync();
    }

    /// <summary>Two new organizations; the payer's wallet is funded with exactly <see cref="Winners"/> × <see cref="Price"/>.</summary>
    private async Task<(LedgerOrganization Payer, LedgerOrganization Payee)> FundedPairAsync(string name)
    {
        var payer = await fixture.RegisterOrganizationAsync($"Payer {name}");
        var payee = await fixture.RegisterOrganizationAsync($"Payee {name}");
        Assert.True((await fixture.PostAsync(TopUp(payer.MoneyWallet, Winners * Price))).Applied);
        return (payer, payee);
    }

    private Task<LedgerOutcome[]> RaceAsync(int writers, Func<int, TransferRequest> request) =>
        Concurrently.RaceAsync(writers, i => fixture.PostAsync(request(i)));

    private static void AssertExactlyTheWinnersSucceeded(LedgerOutcome[] outcomes)
    {
        Assert.Equal(Writers, outcomes.Length);
        Assert.Equal(Winners, outcomes.Count(o => o.Applied));
        Assert.All(outcomes.Where(o => !o.Applied), o => Assert.Equal([TransferResult.ExceedsCredits], o.Results));
        Assert.All(outcomes.Where(o => o.Applied), o => Assert.Equal([TransferResult.Ok], o.Results));
    }

    /// <summary>Replays the wallet's transfers in chain order: what it could spend was never below zero at any commit.</summary>
    private async Task AssertNeverNegativeAsync(long wallet)
    {
        var transfers = await fixture.Query(db => db.Transfers.AsNoTracking().OrderBy(t => t.Sequence).ToListAsync());
        var pendingAmounts = transfers.Where(t => t.Flags == TransferFlags.Pending).ToDictionary(t => t.Id, t => t.Amount);
        long credits = 0, debits = 0, held = 0;
        foreach (var t in transfers)
        {
            var outgoing = t.DebitAccountId == wallet;
            var incoming = t.CreditAccountId == wallet;
            switch (t.Flags)
            {
                case TransferFlags.None:
                    debits += outgoing ? t.Amount : 0;
                    credits += incoming ? t.Amount : 0;
                    break;
                case TransferFlags.Pending:
                    held += outgoing ? t.Amount : 0;
                    break;
                case TransferFlags.PostPending:
                    held -= outgoing ? pendingAmounts[t.PendingId!.Value] : 0;
                    debits += outgoing ? t.Amount : 0;
                    credits += incoming ? t.Amount : 0;
                    break;
                case TransferFlags.VoidPending:
                    held -= outgoing ? pendingAmounts[t.PendingId!.Value] : 0;
                    break;
            }

            Assert.True(credits - debits - held >= 0, $"after transfer #{t.Sequence} the wallet could spend {credits - debits - held}");
        }
    }

    public sealed class OnSqlite(SliceFixture fixture) : LedgerConcurrencyTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : LedgerConcurrencyTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
