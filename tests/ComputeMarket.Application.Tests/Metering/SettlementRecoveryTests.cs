using System.Globalization;
using System.Text;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Metering;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Domain.Market;
using ComputeMarket.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Metering;

/// <summary>
/// Settlement killed at every point, then run again, leaves exactly the database an uninterrupted run leaves: every
/// transfer with its hash and place in the chain, every counter, every event's batch and flag. The database (a SQLite
/// file) is put back to the same state before each attempt, so each one starts from the same waiting usage.
/// </summary>
public sealed class SettlementRecoveryTests(SliceFixture fixture) : IClassFixture<SliceFixture>
{
    private const int BatchSize = 400;

    [DatabaseFact]
    public async Task A_run_killed_at_any_command_or_commit_and_run_again_leaves_the_ledger_an_uninterrupted_run_leaves()
    {
        await ArrangeWaitingUsageAsync();
        var snapshot = Snapshot();

        var reference = await SettleAndDumpAsync();
        Assert.Equal(3, reference.Split('\n').Count(line => line.StartsWith("B ", StringComparison.Ordinal)));

        Restore(snapshot);
        var commands = 0;
        var counter = new DatabaseProbe.Plan { FailCommand = _ => { Interlocked.Increment(ref commands); return false; } };
        using (DatabaseProbe.Arm(counter))
        {
            Assert.True((await fixture.Send(new SettleUsage(BatchSize))).Succeeded);
        }

        Assert.True(commands > 20, $"{commands} commands");
        for (var k = 1; k <= commands; k++)
        {
            Restore(snapshot);
            var seen = 0;
            var kill = new DatabaseProbe.Plan { FailCommand = _ => Interlocked.Increment(ref seen) == k, CommandFailures = 1, Permanently = true };
            using (DatabaseProbe.Arm(kill))
            {
                await Assert.ThrowsAnyAsync<Exception>(() => fixture.Send(new SettleUsage(BatchSize)));
            }

            Assert.Equal(reference, await SettleAndDumpAsync());
        }

        // Killed while committing: before the commit, and after it (the commit took effect, its acknowledgement was lost).
        foreach (var afterCommit in new[] { false, true })
        {
            Restore(snapshot);
            using (DatabaseProbe.Arm(new DatabaseProbe.Plan { CommitFailures = 1, FailAfterCommit = afterCommit }))
            {
                await Assert.ThrowsAnyAsync<Exception>(() => fixture.Send(new SettleUsage(BatchSize)));
            }

            Assert.Equal(reference, await SettleAndDumpAsync());
        }
    }

    /// <summary>Two on-demand allocations (one run past its quota) and a package, with 1,100 events waiting.</summary>
    private async Task ArrangeWaitingUsageAsync()
    {
        var provider = await fixture.ProviderAsync("Recovery Provider");
        var buyer = await fixture.BuyerAsync("Recovery Buyer", 10_000_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 10_000_000_000, inputPrice: "3.17", outputPrice: "9.71", minimum: 1));
        var small = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 3_000_000), buyer.UserId)).Value.AllocationId;
        var large = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 900_000_000), buyer.UserId)).Value.AllocationId;
        var package = (await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "10M tokens", 10_000_000, "39.90", 30, PackageExpiryRule.Forfeit), provider.UserId)).Value;
        var prepaid = (await fixture.Send(new BuyPackage(buyer.OrganizationId, package), buyer.UserId)).Value.AllocationId;
        Guid[] targets = [small, large, prepaid];
        var random = new Random(3);
        var now = fixture.Clock.GetUtcNow().UtcDateTime;
        var events = Enumerable.Range(0, 1_100)
            .Select(i => new UsageEventInput($"r{i}", targets[random.Next(3)], random.Next(0, 20_000), random.Next(1, 9_000), now, []) { Index = i % 1_000 })
            .ToList();
        foreach (var chunk in events.Chunk(1_000))
        {
            Assert.True((await fixture.Send(new ReportUsage(provider.OrganizationId, [.. chunk.Select((e, i) => e with { Index = i })]))).Succeeded);
        }
    }

    private async Task<string> SettleAndDumpAsync()
    {
        var run = await fixture.Send(new SettleUsage(BatchSize));
        Assert.True(run.Succeeded, run.Message);
        return await DumpAsync();
    }

    /// <summary>Everything settlement writes, field by field (a batch's measured duration aside).</summary>
    private Task<string> DumpAsync() => fixture.Query(async db =>
    {
        var text = new StringBuilder();
        foreach (var t in await db.Transfers.AsNoTracking().OrderBy(t => t.Sequence).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"T {t.CanonicalText()} {t.Hash}");
        }

        foreach (var a in await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"A {a.Id} {a.DebitsPending} {a.DebitsPosted} {a.CreditsPending} {a.CreditsPosted}");
        }

        foreach (var a in await db.Allocations.AsNoTracking().OrderBy(a => a.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"L {a.Id} {a.ConsumedInputTokens} {a.ConsumedOutputTokens} {a.ChargedAmount} {a.FeeAmount} {a.CurrentHoldId} {a.Version}");
        }

        foreach (var e in await db.UsageEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"E {e.Sequence} {e.EventId} {e.SettlementBatchId} {e.Flags}");
        }

        foreach (var b in await db.SettlementBatches.AsNoTracking().Include(b => b.Lines).OrderBy(b => b.StartedAtUtc).ThenBy(b => b.Id).ToListAsync())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"B {b.Id} {b.Kind} {b.StartedAtUtc:O} {b.EventCount} {b.AllocationCount} {b.InputTokens} {b.OutputTokens} {b.ChargedAmount} {b.FeeAmount} {b.FlaggedTokens}");
            foreach (var l in b.Lines.OrderBy(l => l.AllocationId))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {l.AllocationId} {l.EventCount} {l.InputTokens} {l.OutputTokens} {l.ChargedAmount} {l.FeeAmount} {l.OverQuotaTokens} {l.LateTokens}");
            }
        }

        var head = await db.LedgerHeads.AsNoTracking().SingleAsync();
        text.AppendLine(CultureInfo.InvariantCulture, $"H {head.LastSequence} {head.LastHash}");
        return text.ToString();
    });

    /// <summary>A copy of the database file as it is now (no connection left open, nothing left in the WAL).</summary>
    private byte[] Snapshot()
    {
        SqliteConnection.ClearAllPools();
        Checkpoint();
        return File.ReadAllBytes(fixture.DatabasePath);
    }

    private void Restore(byte[] snapshot)
    {
        SqliteConnection.ClearAllPools();
        foreach (var side in new[] { "-wal", "-shm" })
        {
            File.Delete(fixture.DatabasePath + side);
        }

        File.WriteAllBytes(fixture.DatabasePath, snapshot);
    }

    private void Checkpoint()
    {
        using var connection = new SqliteConnection($"Data Source={fixture.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        command.ExecuteNonQuery();
        connection.Close();
        SqliteConnection.ClearAllPools();
    }
}
