using System.Data.Common;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;
using static ComputeMarket.Application.Tests.Ledger.LedgerKit;

namespace ComputeMarket.Application.Tests.Ledger;

/// <summary>The verifier on a live ledger: one snapshot, signed checkpoints, incremental and full walks.</summary>
public abstract class VerificationTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task Verifying_while_eight_writers_post_never_raises_a_false_alarm()
    {
        var payers = new List<LedgerOrganization>();
        for (var i = 0; i < 8; i++)
        {
            var payer = await fixture.RegisterOrganizationAsync($"Live Writer {i}");
            Assert.True((await fixture.PostAsync(TopUp(payer.MoneyWallet, 1_000_000))).Applied);
            payers.Add(payer);
        }

        var writing = Concurrently.RaceAsync(8, async writer =>
        {
            var random = new Random(writer);
            for (var n = 0; n < 40; n++)
            {
                var hold = Guid.NewGuid();
                var payer = payers[writer].MoneyWallet;
                var payee = payers[(writer + 1) % 8].MoneyWallet;
                var batch = random.Next(3) switch
                {
                    0 => new[] { Spend(payer, payee, random.Next(1, 500)) },
                    1 => [Hold(payer, payee, 300, hold), TransferRequest.Post(Guid.NewGuid(), hold, random.Next(1, 300), TransferCode.Settlement, "live")],
                    _ => [TopUp(payer, random.Next(1, 500)), Hold(payer, PlatformAccounts.MoneyFees, 100)],
                };
                Assert.True((await fixture.PostAsync(batch)).Applied);
            }

            return writer;
        });

        var verifications = new List<LedgerVerification>();
        var round = 0;
        while (!writing.IsCompleted || round < 3)
        {
            verifications.Add(await fixture.VerifyAsync(round % 3 == 0 ? VerificationMode.Full : VerificationMode.Incremental));
            if (round % 3 == 1)
            {
                await fixture.Send(new SealLedgerCheckpoint());
            }

            round++;
        }

        await writing;
        Assert.All(verifications, v => Assert.True(v.Intact, string.Join("; ", v.Violations.Select(x => $"{x.Invariant}: {x.Detail}"))));
        Assert.Contains(verifications, v => v.Mode == VerificationMode.Incremental && v.FromSequence > 0);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task An_incremental_verification_starts_from_the_latest_signed_checkpoint_and_reads_only_what_came_after()
    {
        var organization = await fixture.RegisterOrganizationAsync("Checkpointed Ltd");
        Assert.True((await fixture.PostAsync(TopUp(organization.MoneyWallet, 5_000))).Applied);
        var sealedAt = await fixture.SealAsync();
        Assert.NotNull(sealedAt);
        Assert.True((await fixture.PostAsync(Spend(organization.MoneyWallet, PlatformAccounts.MoneyFees, 1_200))).Applied);

        var incremental = await fixture.VerifyAsync(VerificationMode.Incremental);
        var full = await fixture.VerifyAsync(VerificationMode.Full);

        Assert.True(incremental.Intact, string.Join("; ", incremental.Violations.Select(v => v.Detail)));
        Assert.Equal(sealedAt, incremental.FromSequence);
        Assert.Equal(sealedAt + 1, incremental.ToSequence);
        Assert.True(full.Intact);
        Assert.Equal(0, full.FromSequence);
        Assert.Equal(incremental.Chain.LastHash, full.Chain.LastHash);
        Assert.Equal(full.Totals, incremental.Totals);
        var checkpoint = await fixture.Query(db => db.LedgerCheckpoints.AsNoTracking().SingleAsync(c => c.Sequence == sealedAt));
        Assert.Equal(SliceFixture.SealKeyId, checkpoint.KeyId);
        Assert.Equal(await fixture.Query(db => db.Accounts.CountAsync()), checkpoint.AccountCount);
    }

    [DatabaseFact]
    public async Task Sealing_twice_at_once_writes_one_checkpoint_and_older_checkpoints_keep_only_their_signed_summary()
    {
        var organization = await fixture.RegisterOrganizationAsync("Sealed Thrice Ltd");
        var sealedSequences = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await fixture.PostAsync(TopUp(organization.MoneyWallet, 100 + i))).Applied);
            var outcomes = await Concurrently.RaceAsync(2, _ => fixture.Send(new SealLedgerCheckpoint()));
            Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));
            sealedSequences.Add(Assert.Single(outcomes, o => o.Value is not null).Value!.Value);
        }

        var withRows = await fixture.Query(db => db.CheckpointAccounts.Select(a => a.CheckpointSequence).Distinct().OrderBy(s => s).ToListAsync());
        Assert.Equal(sealedSequences.TakeLast(2), withRows);
        Assert.Equal(sealedSequences, await fixture.Query(db => db.LedgerCheckpoints.Where(c => sealedSequences.Contains(c.Sequence)).OrderBy(c => c.Sequence).Select(c => c.Sequence).ToListAsync()));
        Assert.Null(await fixture.SealAsync());
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task A_clock_finer_than_the_database_stores_leaves_the_chain_verifiable()
    {
        var organization = await fixture.RegisterOrganizationAsync("Fine Clock Ltd");
        fixture.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        Assert.True((await fixture.PostAsync(TopUp(organization.MoneyWallet, 5_000), Hold(organization.MoneyWallet, PlatformAccounts.MoneyFees, 300, timeout: TimeSpan.FromTicks(3_000_000_003)))).Applied);

        Assert.NotNull(await fixture.SealAsync());
        Assert.True((await fixture.PostAsync(Spend(organization.MoneyWallet, PlatformAccounts.MoneyFees, 100))).Applied);

        var full = await fixture.VerifyAsync(VerificationMode.Full);
        var incremental = await fixture.VerifyAsync(VerificationMode.Incremental);

        Assert.True(full.Intact, string.Join("; ", full.Violations.Select(v => $"{v.Invariant}: {v.Detail}")));
        Assert.True(incremental.Intact, string.Join("; ", incremental.Violations.Select(v => $"{v.Invariant}: {v.Detail}")));
        Assert.True(incremental.FromSequence > 0);
        var checkpoint = await fixture.Query(db => db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.Sequence).FirstAsync());
        Assert.Equal(0, checkpoint.CreatedAtUtc.Ticks % LedgerRules.Resolution.Ticks);
        var stored = await fixture.Query(db => db.Transfers.AsNoTracking().Where(t => t.ExpiresAtUtc != null).OrderByDescending(t => t.Sequence).FirstAsync());
        Assert.Equal(0, stored.TimestampUtc.Ticks % LedgerRules.Resolution.Ticks);
        Assert.Equal(TimeSpan.FromTicks(3_000_000_010), stored.ExpiresAtUtc - stored.TimestampUtc);
    }

    [DatabaseTheory]
    [InlineData(0, 2, 3)]
    [InlineData(100, 2, 2)]
    [InlineData(-5, 2, 3)]
    public async Task The_database_refuses_a_transfer_of_nothing_or_from_an_account_to_itself_even_written_directly(long amount, long debit, long credit)
    {
        var count = await fixture.TransferCountAsync();
        var sequence = count + 1_000_000;
        var id = fixture.Provider == DatabaseProvider.Sqlite ? (object)Guid.NewGuid().ToString().ToUpperInvariant() : Guid.NewGuid();
        var at = fixture.Provider == DatabaseProvider.Sqlite ? (object)"2026-11-23 09:00:00" : new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

        await Assert.ThrowsAnyAsync<DbException>(() => fixture.Query(db => db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO "Transfers" ("Sequence", "Id", "DebitAccountId", "CreditAccountId", "Amount", "Asset", "Code", "Flags", "Reference", "TimestampUtc", "PreviousHash", "Hash")
            VALUES ({0}, {1}, {2}, {3}, {4}, 1, 1, 0, 'direct', {5}, '0000000000000000000000000000000000000000000000000000000000000000', '0000000000000000000000000000000000000000000000000000000000000000')
            """,
            sequence,
            id,
            debit,
            credit,
            amount,
            at)));

        Assert.Equal(count, await fixture.TransferCountAsync());
    }

    public sealed class OnSqlite(SliceFixture fixture) : VerificationTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : VerificationTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
