using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Application.Tests.Persistence;

/// <summary>The one transaction helper: what a unit of work keeps, what it drops, and that units do not nest.</summary>
public abstract class UnitOfWorkTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task Work_that_returns_without_saving_leaves_no_trace()
    {
        var buyer = await fixture.BuyerAsync("Unsaved Work Ltd", 0);

        await fixture.InScope(services =>
        {
            var db = services.GetRequiredService<IAppDbContext>();
            return services.GetRequiredService<IUnitOfWork>().ExecuteAsync(_ =>
            {
                db.Notifications.Add(new Notification(buyer.OrganizationId, NotificationKind.LowBalance, "never kept", fixture.Clock.GetUtcNow().UtcDateTime));
                return Task.FromResult(0);
            });
        });

        Assert.False(await fixture.Query(db => db.Notifications.AnyAsync(n => n.OrganizationId == buyer.OrganizationId)));
    }

    [DatabaseFact]
    public async Task Units_do_not_nest_and_do_not_start_over_unsaved_changes()
    {
        var buyer = await fixture.BuyerAsync("Nesting Ltd", 0);

        await fixture.InScope(async services =>
        {
            var unitOfWork = services.GetRequiredService<IUnitOfWork>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.ExecuteAsync(ct => unitOfWork.ExecuteAsync(_ => Task.FromResult(0), ct)));
            Assert.False(unitOfWork.IsActive);

            services.GetRequiredService<AppDbContext>().Notifications.Add(new Notification(buyer.OrganizationId, NotificationKind.LowBalance, "pending", fixture.Clock.GetUtcNow().UtcDateTime));
            await Assert.ThrowsAsync<InvalidOperationException>(() => unitOfWork.ExecuteAsync(_ => Task.FromResult(0)));
            return 0;
        });
    }

    [DatabaseFact]
    public async Task A_unit_reads_its_own_snapshot_whatever_commits_meanwhile()
    {
        var buyer = await fixture.BuyerAsync("Snapshot Reader Ltd", 100_00);

        var (before, after) = await fixture.InScope(services => services.GetRequiredService<IUnitOfWork>().ReadSnapshotAsync(async ct =>
        {
            var db = services.GetRequiredService<IAppDbContext>();
            var first = await db.Accounts.AsNoTracking().Where(a => a.Id == buyer.MoneyWallet).Select(a => a.CreditsPosted).SingleAsync(ct);
            await fixture.PostAsync(LedgerKit.TopUp(buyer.MoneyWallet, 50_00));
            var second = await db.Accounts.AsNoTracking().Where(a => a.Id == buyer.MoneyWallet).Select(a => a.CreditsPosted).SingleAsync(ct);
            return (first, second);
        }));

        Assert.Equal(100_00, before);
        Assert.Equal(100_00, after);
        Assert.Equal(150_00, (await fixture.AccountAsync(buyer.MoneyWallet)).CreditsPosted);
    }

    [DatabaseFact]
    public async Task After_a_unit_fails_while_saving_the_same_scope_posts_again_cleanly()
    {
        var organization = await fixture.RegisterOrganizationAsync("Failed Save Ltd");

        var second = await fixture.InScope(async services =>
        {
            var unitOfWork = services.GetRequiredService<IUnitOfWork>();
            var ledger = services.GetRequiredService<LedgerService>();
            var plan = new DatabaseProbe.Plan { FailCommand = sql => sql.Contains("INSERT INTO \"Transfers\"", StringComparison.Ordinal), CommandFailures = 1, Permanently = true };
            using (DatabaseProbe.Arm(plan))
            {
                await Assert.ThrowsAnyAsync<Exception>(() => unitOfWork.ExecuteAsync(async ct =>
                {
                    Assert.True((await ledger.PostAsync([LedgerKit.TopUp(organization.MoneyWallet, 300)], ct)).Applied);
                    return await unitOfWork.SaveAsync(ct);
                }));
            }

            return await unitOfWork.ExecuteAsync(async ct =>
            {
                var outcome = await ledger.PostAsync([LedgerKit.TopUp(organization.MoneyWallet, 500)], ct);
                Assert.True(await unitOfWork.SaveAsync(ct));
                return outcome;
            });
        });

        Assert.True(second.Applied);
        Assert.Equal(new Domain.Ledger.AccountBalance(0, 0, 0, 500), (await fixture.AccountAsync(organization.MoneyWallet)).Balance);
        await fixture.AssertLedgerIsSoundAsync();
    }

    public sealed class OnSqlite(SliceFixture fixture) : UnitOfWorkTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : UnitOfWorkTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres
    {
        [PostgresFact]
        public async Task A_ledger_writer_keeps_its_place_in_the_arrival_queue_until_its_unit_ends()
        {
            var othersShutOut = await fixture.InScope(services => services.GetRequiredService<IUnitOfWork>().ExecuteAsync(async ct =>
            {
                await services.GetRequiredService<LedgerService>().LockAsync(ct);
                return !await AnotherSessionCanJoinAsync();
            }));

            Assert.True(othersShutOut);
            Assert.True(await AnotherSessionCanJoinAsync());
        }

        private Task<bool> AnotherSessionCanJoinAsync() => fixture.Query(db => db.Database
            .SqlQueryRaw<bool>($"SELECT pg_try_advisory_xact_lock({LedgerWriterQueue.PostgreSqlLockKey}) AS \"Value\"")
            .SingleAsync());
    }
}

/// <summary>
/// On a server engine the helper runs each unit inside EF Core's retrying execution strategy, as production does on
/// SQL Server. These break the connection at chosen points and check that a unit is replayed when nothing of it was
/// stored, and never applied twice when it was.
/// </summary>
public sealed class UnitOfWorkOnPostgresTests(PostgresSliceFixture fixture) : IClassFixture<PostgresSliceFixture>, IRunsOnPostgres
{
    [DatabaseFact]
    public async Task A_transient_failure_half_way_replays_the_whole_unit_from_its_first_read()
    {
        var (buyer, offer) = await MarketAsync("Replayed");
        var plan = new DatabaseProbe.Plan { FailCommand = sql => sql.Contains("INSERT INTO \"Allocations\"", StringComparison.Ordinal), CommandFailures = 1 };

        var placed = await WithProbe(plan, () => fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000), buyer.UserId));

        Assert.True(placed.Succeeded, placed.Message);
        Assert.Equal(2, plan.Transactions);
        await AssertOrderedOnceAsync(buyer, offer, placed.Value);
    }

    [DatabaseFact]
    public async Task A_commit_lost_before_it_reached_the_database_is_replayed()
    {
        var (buyer, offer) = await MarketAsync("Commit Lost");
        var plan = new DatabaseProbe.Plan { CommitFailures = 1 };

        var placed = await WithProbe(plan, () => fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000), buyer.UserId));

        Assert.True(placed.Succeeded, placed.Message);
        Assert.Equal(2, plan.Transactions);
        await AssertOrderedOnceAsync(buyer, offer, placed.Value);
    }

    [DatabaseFact]
    public async Task A_commit_whose_acknowledgement_was_lost_is_confirmed_from_the_ledger_and_not_applied_again()
    {
        var (buyer, offer) = await MarketAsync("Ack Lost");
        var plan = new DatabaseProbe.Plan { CommitFailures = 1, FailAfterCommit = true };

        var placed = await WithProbe(plan, () => fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000), buyer.UserId));

        Assert.True(placed.Succeeded, placed.Message);
        Assert.Equal(1, plan.Transactions);
        await AssertOrderedOnceAsync(buyer, offer, placed.Value);
    }

    [DatabaseFact]
    public async Task A_unit_that_cannot_confirm_a_lost_acknowledgement_reports_it_rather_than_apply_itself_twice()
    {
        var buyer = await fixture.BuyerAsync("Unconfirmable Ltd", 0);
        var plan = new DatabaseProbe.Plan { CommitFailures = 1, FailAfterCommit = true };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => WithProbe(plan, () => fixture.Send(new RequestTopUp(buyer.OrganizationId, "100.00"), buyer.UserId)));

        Assert.Contains("cannot tell whether its commit took effect", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, plan.Transactions);
        Assert.Equal(1, await fixture.Query(db => db.TopUps.CountAsync(t => t.OrganizationId == buyer.OrganizationId)));
    }

    [DatabaseFact]
    public async Task A_provider_edit_committed_between_a_buyers_read_and_write_turns_the_order_into_a_conflict()
    {
        var (buyer, offer) = await MarketAsync("Mid-order Edit");
        var provider = await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.ProviderOrganizationId).SingleAsync());
        var providerUser = await fixture.Query(db => db.Memberships.Where(m => m.OrganizationId == provider).Select(m => m.UserId).SingleAsync());
        var form = (await fixture.Send(new GetListingForm(provider, offer), providerUser)).Value;
        form.ThroughputTokensPerSecond += 1_000;
        var plan = new DatabaseProbe.Plan { PauseAfter = sql => sql.Contains("FROM \"Offers\"", StringComparison.Ordinal) };

        var order = Task.Run(() => WithProbe(plan, () => fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000), buyer.UserId)));
        await plan.Paused.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var edit = await fixture.Send(new SaveOffer(provider, offer, form), providerUser);
        plan.Resume.SetResult();
        var placed = await order;

        Assert.True(edit.Succeeded, edit.Message);
        Assert.Equal(ResultStatus.Conflict, placed.Status);
        Assert.Equal("The offer changed a moment ago. Reload it and try again.", placed.Message);
        Assert.False(await fixture.Query(db => db.Allocations.AnyAsync(a => a.OfferId == offer)));
        Assert.Equal(0, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Held);
        await fixture.AssertLedgerIsSoundAsync();
    }

    private static async Task<T> WithProbe<T>(DatabaseProbe.Plan plan, Func<Task<T>> work)
    {
        using var armed = DatabaseProbe.Arm(plan);
        return await work();
    }

    private async Task<(Trader Buyer, Guid Offer)> MarketAsync(string name)
    {
        var provider = await fixture.ProviderAsync($"{name} Provider");
        var buyer = await fixture.BuyerAsync($"{name} Buyer", 1_000_00);
        return (buyer, await fixture.ListAsync(provider, fixture.AnOffer(outputPrice: "8.00")));
    }

    private async Task AssertOrderedOnceAsync(Trader buyer, Guid offer, PlacedOrder placed)
    {
        var allocation = Assert.Single(await fixture.Query(db => db.Allocations.Where(a => a.OfferId == offer).ToListAsync()));
        Assert.Equal(placed.AllocationId, allocation.Id);
        Assert.Equal(SecretToken.Hash(placed.AccessKey), allocation.AccessKeyHash);
        Assert.Equal(1_000_000, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.ReservedTokens).SingleAsync()));
        Assert.Equal(8_00, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Held);
        await fixture.AssertLedgerIsSoundAsync();
    }
}
