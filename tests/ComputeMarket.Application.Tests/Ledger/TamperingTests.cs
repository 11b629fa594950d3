using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;
using Microsoft.Data.Sqlite;
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
    [InlineData("CreditAccountId = 5")]
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

    [Fact]
    public Task Rewriting_history_with_every_hash_counter_and_the_head_recomputed_is_caught_by_the_signed_checkpoint() => WithFreshLedgerAsync(async fixture =>
    {
        var sealedAt = await fixture.SealAsync();
        Assert.Equal(ChainLength, sealedAt);
        Assert.True((await fixture.PostAsync(TopUp(PlatformAccounts.MoneyFees, 7))).Applied);

        // Someone with write access makes transfer #2 mint 499 TOK instead of 500, then recomputes every hash after it,
        // the counters of the two accounts it touches and the head: the chain and the invariants are clean again.
        await RewriteAmountAsync(fixture, sequence: 2, amount: 499);
        var rewritten = await fixture.VerifyAsync(VerificationMode.Full);
        Assert.True(rewritten.Chain.Intact, rewritten.Chain.Problem);
        Assert.DoesNotContain(rewritten.Violations, v => v.Invariant is LedgerVerification.Invariants.Fold or LedgerVerification.Invariants.Balanced);

        // Only the checkpoint, signed with a key the database does not hold, still knows the history.
        Assert.Contains(rewritten.Violations, v => v.Invariant == LedgerVerification.Invariants.Checkpoints && v.Detail.StartsWith($"Checkpoint #{ChainLength} sealed another hash", StringComparison.Ordinal));
        Assert.Contains(rewritten.Violations, v => v.Invariant == LedgerVerification.Invariants.Checkpoints && v.Detail.Contains($"sealed account {PlatformAccounts.TokFees}", StringComparison.Ordinal));
        var incremental = await fixture.VerifyAsync(VerificationMode.Incremental);
        Assert.False(incremental.Intact);
        Assert.Contains(incremental.Violations, v => v.Detail == $"Transfer #{ChainLength} no longer has the hash checkpoint #{ChainLength} sealed: the history up to it was rewritten.");
    });

    [Fact]
    public Task A_checkpoint_rewritten_to_match_a_rewritten_history_fails_its_signature() => WithFreshLedgerAsync(async fixture =>
    {
        await fixture.SealAsync();
        await RewriteAmountAsync(fixture, sequence: 2, amount: 499);
        var newHash = await fixture.Query(db => db.Transfers.Where(t => t.Sequence == ChainLength).Select(t => t.Hash).SingleAsync());
        await TamperAsync(fixture, $"UPDATE LedgerCheckpoints SET Hash = '{newHash}' WHERE Sequence = {ChainLength}");

        var verification = await fixture.VerifyAsync(VerificationMode.Incremental);

        Assert.Contains(verification.Violations, v => v.Detail == $"Checkpoint #{ChainLength} does not carry a valid signature: it was altered or forged.");
        Assert.False(verification.Chain.Intact);
        Assert.Contains(verification.Violations, v => v.Detail.Contains("run a full verification", StringComparison.Ordinal));
    });

    [Fact]
    public Task Altering_a_checkpoints_account_rows_is_reported() => WithFreshLedgerAsync(async fixture =>
    {
        await fixture.SealAsync();
        await TamperAsync(fixture, $"UPDATE LedgerCheckpointAccounts SET CreditsPosted = CreditsPosted + 1 WHERE AccountId = {PlatformAccounts.MoneyFees}");

        var verification = await fixture.VerifyAsync(VerificationMode.Incremental);

        Assert.Contains(verification.Violations, v => v.Invariant == LedgerVerification.Invariants.Checkpoints && v.Detail.Contains("account rows are not the ones it sealed", StringComparison.Ordinal));
    });

    [Fact]
    public Task Changing_an_accounts_constraint_is_reported_against_its_code_and_its_sealed_definition() => WithFreshLedgerAsync(async fixture =>
    {
        var organization = await fixture.RegisterOrganizationAsync("Flag Flipped Ltd");
        Assert.True((await fixture.PostAsync(TopUp(organization.MoneyWallet, 100))).Applied);
        await fixture.SealAsync();

        // A wallet made debit-normal could go below zero with nothing else looking wrong.
        await TamperAsync(fixture, $"UPDATE Accounts SET Flags = {(int)AccountFlags.CreditsMustNotExceedDebits} WHERE Id = {organization.MoneyWallet}");
        var verification = await fixture.VerifyAsync(VerificationMode.Incremental);

        Assert.Contains(verification.Violations, v => v.Invariant == LedgerVerification.Invariants.Definitions && v.Detail.StartsWith($"Account {organization.MoneyWallet} ", StringComparison.Ordinal) && v.Detail.Contains("a Wallet account carries DebitsMustNotExceedCredits", StringComparison.Ordinal));
        Assert.Contains(verification.Violations, v => v.Invariant == LedgerVerification.Invariants.Definitions && v.Detail.Contains("was sealed as Money Wallet with DebitsMustNotExceedCredits", StringComparison.Ordinal));
    });

    [Theory]
    [InlineData("Id = lower(Id)", "stores its id")]
    [InlineData("TimestampUtc = replace(TimestampUtc, ' ', 'T') || 'Z'", "stores its id, hold or time")]
    [InlineData("Sequence = 0", "outside the chain")]
    [InlineData("Flags = 3", "flags 3")]
    public Task A_stored_form_the_hash_does_not_cover_is_refused_and_reported_if_forced_in(string change, string reported) => WithFreshLedgerAsync(async fixture =>
    {
        await Assert.ThrowsAsync<SqliteException>(() => TamperAsync(fixture, $"UPDATE Transfers SET {change} WHERE Sequence = 3"));

        await TamperAsync(fixture, $"PRAGMA ignore_check_constraints = ON; UPDATE Transfers SET {change} WHERE Sequence = 3; PRAGMA ignore_check_constraints = OFF;");
        var verification = await fixture.VerifyAsync(VerificationMode.Full);

        Assert.Contains(verification.Violations, v => v.Detail.Contains(reported, StringComparison.Ordinal));
    });

    [Fact]
    public Task A_lower_cased_id_is_reported_although_it_is_the_same_guid_to_the_hash() => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, "PRAGMA ignore_check_constraints = ON; UPDATE Transfers SET Id = lower(Id) WHERE Sequence = 4; PRAGMA ignore_check_constraints = OFF;");

        var verification = await fixture.VerifyAsync(VerificationMode.Full);

        Assert.True(verification.Chain.Intact);
        var stored = Assert.Single(verification.Violations);
        Assert.Equal(LedgerVerification.Invariants.StoredForms, stored.Invariant);
        Assert.StartsWith("Transfer #4 ", stored.Detail, StringComparison.Ordinal);
    });

    [Fact]
    public Task Counters_so_large_that_their_sums_overflow_are_reported_not_thrown() => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, $"UPDATE Accounts SET DebitsPosted = {long.MaxValue}, DebitsPending = {long.MaxValue} WHERE Id IN ({PlatformAccounts.MoneyExternal}, {PlatformAccounts.MoneyFees})");

        var verification = await fixture.VerifyAsync(VerificationMode.Full);

        Assert.Contains(verification.Violations, v => v.Invariant == LedgerVerification.Invariants.Balanced && v.Detail.Contains("18446744073709551614", StringComparison.Ordinal));
        Assert.Contains(verification.Violations, v => v.Invariant == LedgerVerification.Invariants.Constraints && v.Detail.StartsWith($"Account {PlatformAccounts.MoneyFees} ", StringComparison.Ordinal));
    });

    [Fact]
    public Task A_missing_ledger_head_is_reported_not_thrown() => WithFreshLedgerAsync(async fixture =>
    {
        await TamperAsync(fixture, "DELETE FROM LedgerHeads");

        var verification = await fixture.VerifyAsync(VerificationMode.Incremental);

        Assert.False(verification.Chain.Intact);
        Assert.Equal(LedgerVerification.Invariants.Head, Assert.Single(verification.Violations).Invariant);
    });

    [Fact]
    public Task A_hold_whose_void_the_ledger_refuses_is_skipped_and_the_run_ends_after_a_bounded_number_of_refusals() => WithFreshLedgerAsync(async fixture =>
    {
        var broken = await fixture.RegisterOrganizationAsync("Overdrawn By Hand Ltd");
        var healthy = await fixture.RegisterOrganizationAsync("Healthy Holds Ltd");
        Assert.True((await fixture.PostAsync(TopUp(broken.MoneyWallet, 1_000), TopUp(healthy.MoneyWallet, 1_000))).Applied);
        var refused = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        var released = Guid.NewGuid();
        Assert.True((await fixture.PostAsync([.. refused.Select(id => Hold(broken.MoneyWallet, PlatformAccounts.MoneyFees, 100, id, TimeSpan.FromMinutes(1)))])).Applied);
        Assert.True((await fixture.PostAsync(Hold(healthy.MoneyWallet, PlatformAccounts.MoneyFees, 100, released, TimeSpan.FromMinutes(1)))).Applied);

        // Someone overdrew the wallet behind the ledger's back: every change of it, even a release, now breaks its constraint.
        await fixture.Query(db => db.Database.ExecuteSqlAsync($"UPDATE \"Accounts\" SET \"DebitsPosted\" = 5000 WHERE \"Id\" = {broken.MoneyWallet}"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));

        var voided = await fixture.Send(new VoidExpiredTransfers(BatchSize: 2, MaxRefusals: 2));

        // Two refusals used the run's budget: it stopped, rather than retry the same refusals for ever.
        Assert.True(voided.Succeeded);
        Assert.Equal(0, voided.Value);
        Assert.Empty(await ResolvedAsync());

        // A run with a larger budget sets the three refused holds aside and releases the healthy one.
        var again = await fixture.Send(new VoidExpiredTransfers(BatchSize: 1, MaxRefusals: 5));
        Assert.Equal(1, again.Value);
        Assert.Equal([released], await ResolvedAsync());

        Task<List<Guid>> ResolvedAsync() => fixture.Query(db => db.Transfers
            .Where(t => t.PendingId != null && (refused.Contains(t.PendingId.Value) || t.PendingId == released))
            .Select(t => t.PendingId!.Value)
            .ToListAsync());
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

    /// <summary>
    /// Changes one transfer's amount the way a careful forger would: every later hash recomputed so the chain links,
    /// the counters refolded so the invariants hold, and the head moved to the new last hash.
    /// </summary>
    private static async Task RewriteAmountAsync(SliceFixture fixture, long sequence, long amount)
    {
        var chain = await fixture.Query(db => db.Transfers.AsNoTracking().OrderBy(t => t.Sequence).ToListAsync());
        var previousHash = Transfer.GenesisHash;
        foreach (var transfer in chain)
        {
            if (transfer.Sequence == sequence)
            {
                SetPrivate(transfer, nameof(Transfer.Amount), amount);
            }

            SetPrivate(transfer, nameof(Transfer.PreviousHash), previousHash);
            SetPrivate(transfer, nameof(Transfer.Hash), transfer.ComputeHash());
            previousHash = transfer.Hash;
            await TamperAsync(fixture, $"UPDATE Transfers SET Amount = {transfer.Amount}, PreviousHash = '{transfer.PreviousHash}', Hash = '{transfer.Hash}' WHERE Sequence = {transfer.Sequence}");
        }

        var folded = new Dictionary<long, long[]>();
        var holds = chain.Where(t => t.Flags == TransferFlags.Pending).ToDictionary(t => t.Id, t => t.Amount);
        foreach (var t in chain)
        {
            var d = folded.TryGetValue(t.DebitAccountId, out var dv) ? dv : folded[t.DebitAccountId] = new long[4];
            var c = folded.TryGetValue(t.CreditAccountId, out var cv) ? cv : folded[t.CreditAccountId] = new long[4];
            var held = t.PendingId is { } p ? holds[p] : 0;
            (d[0], d[1], c[2], c[3]) = t.Flags switch
            {
                TransferFlags.Pending => (d[0] + t.Amount, d[1], c[2] + t.Amount, c[3]),
                TransferFlags.PostPending => (d[0] - held, d[1] + t.Amount, c[2] - held, c[3] + t.Amount),
                TransferFlags.VoidPending => (d[0] - held, d[1], c[2] - held, c[3]),
                _ => (d[0], d[1] + t.Amount, c[2], c[3] + t.Amount),
            };
        }

        foreach (var (account, counters) in folded)
        {
            await TamperAsync(fixture, $"UPDATE Accounts SET DebitsPending = {counters[0]}, DebitsPosted = {counters[1]}, CreditsPending = {counters[2]}, CreditsPosted = {counters[3]} WHERE Id = {account}");
        }

        await TamperAsync(fixture, $"UPDATE LedgerHeads SET LastHash = '{previousHash}'");
    }

    private static void SetPrivate(Transfer transfer, string property, object value) =>
        typeof(Transfer).GetProperty(property)!.SetValue(transfer, value);
}
