using ComputeMarket.Domain.Ledger;
using ComputeMarket.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ComputeMarket.Application.Tests.Ledger.LedgerKit;

namespace ComputeMarket.Application.Tests.Ledger;

/// <summary>
/// Someone with write access to the database edits the ledger behind the application's back. Every test tampers
/// with a chain of its own, so each runs on a fresh database that it creates and deletes.
/// </summary>
public sealed class TamperingTests
{
    private const int ChainLength = 6;

    [Fact]
    public Task An_untouched_ledger_verifies() => WithFreshLedgerAsync(async fixture =>
    {
        var chain = await fixture.VerifyChainAsync();

        Assert.True(chain.Intact, chain.Problem);
        Assert.Equal(ChainLength, chain.TransfersChecked);
        Assert.Null(chain.FirstBrokenSequence);
        Assert.Equal((await fixture.HeadAsync()).LastHash, chain.LastHash);
        Assert.Empty(await fixture.CheckInvariantsAsync());
    });

    [Theory]
    [InlineData("Amount = Amount + 1")]
    [InlineData("Reference = 'refund:forged'")]
    [InlineData("Code = 12")]
    [InlineData("CreditAccountId = 2")]
    [InlineData("ExpiresAtUtc = NULL")]
    [InlineData("TimestampUtc = '2020-01-01 00:00:00'")]
    public Task Altering_a_stored_transfer_breaks_the_chain_at_that_transfer(string change) => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, $"UPDATE Transfers SET {change} WHERE Sequence = 3");

        var chain = await fixture.VerifyChainAsync();

        Assert.False(chain.Intact);
        Assert.Equal(3, chain.FirstBrokenSequence);
        Assert.Equal(2, chain.TransfersChecked);
        Assert.Contains("#3", chain.Problem, StringComparison.Ordinal);
        Assert.Contains(await fixture.CheckInvariantsAsync(), v => v.Invariant == "The hash chain verifies");
    });

    [Fact]
    public Task Altering_a_transfer_and_recomputing_its_hash_is_caught_by_the_next_link() => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, "UPDATE Transfers SET Amount = Amount + 1 WHERE Sequence = 3");
        var altered = await fixture.Query(db => db.Transfers.AsNoTracking().SingleAsync(t => t.Sequence == 3));
        await TamperAsync(fixture, $"UPDATE Transfers SET Hash = '{altered.ComputeHash()}' WHERE Sequence = 3");

        var chain = await fixture.VerifyChainAsync();

        Assert.False(chain.Intact);
        Assert.Equal(4, chain.FirstBrokenSequence);
        Assert.Equal(3, chain.TransfersChecked);
    });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public Task Deleting_a_transfer_from_the_middle_is_reported_at_its_sequence(int sequence) => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, $"DELETE FROM Transfers WHERE Sequence = {sequence}");

        var chain = await fixture.VerifyChainAsync();

        Assert.False(chain.Intact);
        Assert.Equal(sequence, chain.FirstBrokenSequence);
        Assert.Contains("missing", chain.Problem, StringComparison.Ordinal);
    });

    [Fact]
    public Task Deleting_the_last_transfer_is_reported_because_the_head_remembers_it() => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, $"DELETE FROM Transfers WHERE Sequence = {ChainLength}");

        var chain = await fixture.VerifyChainAsync();

        Assert.False(chain.Intact);
        Assert.Equal(ChainLength, chain.FirstBrokenSequence);
        Assert.Equal(ChainLength - 1, chain.TransfersChecked);
        Assert.Contains("head", chain.Problem, StringComparison.Ordinal);
    });

    [Fact]
    public Task Deleting_every_transfer_is_reported() => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, "DELETE FROM Transfers");

        var chain = await fixture.VerifyChainAsync();

        Assert.False(chain.Intact);
        Assert.Equal(1, chain.FirstBrokenSequence);
    });

    [Fact]
    public Task Altering_an_account_counter_is_reported_as_counters_that_no_longer_fold_from_transfers() => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, $"UPDATE Accounts SET CreditsPosted = CreditsPosted + 5 WHERE Id = {PlatformAccounts.MoneyFees}");

        var violations = await fixture.CheckInvariantsAsync();

        Assert.Contains(violations, v => v.Invariant == "Counters equal the fold of transfers" && v.Detail.StartsWith($"Account {PlatformAccounts.MoneyFees} ", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Invariant == "Debits equal credits" && v.Detail.StartsWith("Money: posted", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Detail.StartsWith("Tok", StringComparison.Ordinal));
        Assert.True((await fixture.VerifyChainAsync()).Intact);
    });

    [Fact]
    public Task Moving_value_between_two_counters_so_totals_still_balance_is_still_reported() => WithFreshLedgerAsync(async fixture =>
    {
        // Both sides changed together: debits still equal credits, only the fold can tell.
        await TamperAsync(fixture, $"UPDATE Accounts SET CreditsPosted = CreditsPosted + 5 WHERE Id = {PlatformAccounts.MoneyFees}");
        await TamperAsync(fixture, $"UPDATE Accounts SET DebitsPosted = DebitsPosted + 5 WHERE Id = {PlatformAccounts.MoneyExternal}");

        var violations = await fixture.CheckInvariantsAsync();

        Assert.DoesNotContain(violations, v => v.Invariant == "Debits equal credits");
        Assert.Equal(2, violations.Count(v => v.Invariant == "Counters equal the fold of transfers"));
    });

    [Fact]
    public Task An_overdrawn_account_and_a_removed_constraint_are_reported() => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, $"UPDATE Accounts SET DebitsPosted = CreditsPosted + 1 WHERE Id = {PlatformAccounts.TokFees}");
        await TamperAsync(fixture, $"UPDATE Accounts SET Flags = 0 WHERE Id = {PlatformAccounts.MoneyFees}");

        var violations = await fixture.CheckInvariantsAsync();

        Assert.Contains(violations, v => v.Invariant == "Balance constraints hold" && v.Detail.StartsWith($"Account {PlatformAccounts.TokFees} ", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Invariant == "Value enters only through External and BankPool" && v.Detail.StartsWith($"Account {PlatformAccounts.MoneyFees} ", StringComparison.Ordinal));
    });

    // Written from the verifier's contract (FirstBrokenSequence is the first bad link) and failing against the
    // current LedgerVerifier; see the report that came with it.
    [Fact]
    public Task A_transfer_appended_behind_the_ledgers_back_is_reported_at_its_own_sequence() => WithFreshLedgerAsync(async fixture =>
    {
        // A correctly hashed link, written without moving the head (or the counters): what a writer that
        // bypassed LedgerService would leave behind.
        await fixture.InScope(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var head = await db.LedgerHeads.AsNoTracking().SingleAsync();
            var accounts = await db.Accounts.AsNoTracking().Where(a => a.Id == PlatformAccounts.MoneyExternal || a.Id == PlatformAccounts.MoneyFees).ToDictionaryAsync(a => a.Id);
            var outcome = LedgerRules.Apply(
                [TopUp(PlatformAccounts.MoneyFees, 1_000_000)],
                new LedgerSnapshot(head, accounts, new Dictionary<Guid, Transfer>(), new HashSet<Guid>()),
                fixture.Clock.GetUtcNow().UtcDateTime);
            db.Transfers.AddRange(outcome.Created);
            return await db.SaveChangesAsync();
        });

        var chain = await fixture.VerifyChainAsync();

        Assert.False(chain.Intact);
        Assert.Equal(ChainLength + 1, chain.FirstBrokenSequence);
        Assert.DoesNotContain("removed", chain.Problem, StringComparison.Ordinal);
    });

    /// <summary>A fresh database with a chain of <see cref="ChainLength"/> transfers on the platform's own accounts.</summary>
    private static async Task WithFreshLedgerAsync(Func<SliceFixture, Task> test)
    {
        var fixture = new SliceFixture();
        await fixture.InitializeAsync();
        try
        {
            var hold = Guid.NewGuid();
            Assert.True((await fixture.PostAsync(TopUp(PlatformAccounts.MoneyFees, 1_000))).Applied);
            Assert.True((await fixture.PostAsync(new TransferRequest(Guid.NewGuid(), PlatformAccounts.TokBankPool, PlatformAccounts.TokFees, 500, TransferCode.TopUp, "mint"))).Applied);
            Assert.True((await fixture.PostAsync(Hold(PlatformAccounts.MoneyFees, PlatformAccounts.MoneyExternal, 100, hold, TimeSpan.FromHours(1)))).Applied);
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.True((await fixture.PostAsync(TransferRequest.Post(Guid.NewGuid(), hold, 40, TransferCode.Payout, "payout:1"))).Applied);
            Assert.True((await fixture.PostAsync(TopUp(PlatformAccounts.MoneyFees, 50))).Applied);
            Assert.True((await fixture.PostAsync(Spend(PlatformAccounts.TokFees, PlatformAccounts.TokBankPool, 20))).Applied);
            Assert.Equal(ChainLength, (await fixture.HeadAsync()).LastSequence);

            await test(fixture);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private static Task<int> TamperAsync(SliceFixture fixture, string sql) =>
        fixture.Query(db => db.Database.ExecuteSqlRawAsync(sql));
}
