using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Application.Tests.Market;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Wallets;

/// <summary>
/// An account's statement adds up: its lines' amounts sum to the balance shown, their hold changes to what is on
/// hold, the running balance agrees with both, and each line has the sign its holder expects.
/// </summary>
public abstract class StatementTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task A_wallet_history_of_every_kind_adds_up_on_each_account_from_its_holders_point_of_view()
    {
        var provider = await fixture.ProviderAsync("Statement Provider");
        var buyer = await fixture.BuyerAsync("Statement Buyer", 0);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 1_000_000_000, inputPrice: "2.00", outputPrice: "8.00", minimum: 1));
        var admin = "statement-admin";

        // Top-ups: one confirmed, one rejected (which moves nothing).
        var topUp = (await fixture.Send(new RequestTopUp(buyer.OrganizationId, "1000.00"), buyer.UserId)).Value;
        Assert.True((await fixture.Send(new DecideWalletRequest(WalletRequestKind.TopUp, topUp.Id, true), admin, PlatformRoles.Administrator)).Succeeded);
        var refused = (await fixture.Send(new RequestTopUp(buyer.OrganizationId, "50.00"), buyer.UserId)).Value;
        Assert.True((await fixture.Send(new DecideWalletRequest(WalletRequestKind.TopUp, refused.Id, false, "Nothing arrived."), admin, PlatformRoles.Administrator)).Succeeded);

        // An order cancelled unused (hold placed, then released), one half used (captured in part), one left open.
        var unused = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 10_000_000), buyer.UserId)).Value;
        Assert.True((await fixture.Send(new CancelAllocation(buyer.OrganizationId, unused.AllocationId), buyer.UserId)).Succeeded);
        var used = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 10_000_000), buyer.UserId)).Value;
        await RecordUsageAsync(used.AllocationId, 2_000_000, 1_000_000);
        var closing = (await fixture.Send(new CancelAllocation(buyer.OrganizationId, used.AllocationId), buyer.UserId)).Value;
        Assert.True(closing.ConsumedCost > 0 && closing.Released > 0);
        var open = (await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 5_000_000), buyer.UserId)).Value;

        // A package bought into escrow and closed part-used: the provider earns the used part, the buyer gets the rest back.
        var package = (await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "10M tokens", 10_000_000, "39.90", 30, PackageExpiryRule.Refund), provider.UserId)).Value;
        var bought = (await fixture.Send(new BuyPackage(buyer.OrganizationId, package), buyer.UserId)).Value;
        await RecordUsageAsync(bought.AllocationId, 1_000_000, 0);
        Assert.True((await fixture.Send(new CancelAllocation(buyer.OrganizationId, bought.AllocationId), buyer.UserId)).Succeeded);
        var secondPackage = (await fixture.Send(new BuyPackage(buyer.OrganizationId, package), buyer.UserId)).Value;

        // The provider takes some earnings out: one payout paid, one refused, one waiting.
        var paid = (await fixture.Send(new RequestPayout(provider.OrganizationId, "1.00", "ICBC 6222 0000 0000 0001"), provider.UserId)).Value;
        Assert.True((await fixture.Send(new DecideWalletRequest(WalletRequestKind.Payout, paid, true), admin, PlatformRoles.Administrator)).Succeeded);
        var declined = (await fixture.Send(new RequestPayout(provider.OrganizationId, "1.00", "ICBC 6222 0000 0000 0001"), provider.UserId)).Value;
        Assert.True((await fixture.Send(new DecideWalletRequest(WalletRequestKind.Payout, declined, false, "Wrong account."), admin, PlatformRoles.Administrator)).Succeeded);
        Assert.True((await fixture.Send(new RequestPayout(provider.OrganizationId, "1.50", "ICBC 6222 0000 0000 0001"), provider.UserId)).Succeeded);

        var wallet = await AddsUpAsync(buyer, Asset.Money, AccountCode.Wallet);
        var escrow = await AddsUpAsync(buyer, Asset.Money, AccountCode.Escrow);
        var earnings = await AddsUpAsync(provider, Asset.Money, AccountCode.Wallet);

        // Signs from the holder's point of view: the package leaves the wallet (-39.90) and enters escrow (+39.90).
        Assert.Equal(2, wallet.Count(l => l.Code == TransferCode.Purchase && l.Entry == StatementEntry.Posted && l.Amount == -3_990));
        Assert.Equal(2, escrow.Count(l => l.Code == TransferCode.Purchase && l.Amount == 3_990));
        Assert.Contains(wallet, l => l.Code == TransferCode.TopUp && l.Amount == 1_000_00 && l.Cause == StatementCause.TopUp);

        // A cancelled hold reads as a hold placed and a hold released, moving nothing posted.
        var unusedLines = wallet.Where(l => l.CauseId == unused.AllocationId).ToList();
        Assert.Equal([StatementEntry.HoldReleased, StatementEntry.HoldPlaced], unusedLines.Select(l => l.Entry));
        Assert.All(unusedLines, l => Assert.Equal(0, l.Amount));
        Assert.Equal([-unused.HoldAmount, unused.HoldAmount], unusedLines.Select(l => l.HeldChange));

        // A capture takes the used part and gives the hold back: -cost posted, -hold on hold.
        var capture = Assert.Single(wallet, l => l.CauseId == used.AllocationId && l.Entry == StatementEntry.HoldCaptured);
        Assert.Equal((-closing.ConsumedCost, -used.HoldAmount, used.HoldAmount), (capture.Amount, capture.HeldChange, capture.Hold));

        // References name what caused them, and the buyer's own orders and packages link to their allocation.
        Assert.Contains(wallet, l => l.CauseId == open.AllocationId && l.Cause == StatementCause.Order && l.CauseIsOwnAllocation);
        Assert.Contains(wallet, l => l.CauseId == secondPackage.AllocationId && l.Cause == StatementCause.Package && l.CauseIsOwnAllocation);
        Assert.Contains(earnings, l => l.Cause == StatementCause.Package && !l.CauseIsOwnAllocation && l.Amount > 0);
        Assert.Equal([StatementEntry.HoldPlaced, StatementEntry.HoldCaptured, StatementEntry.HoldPlaced, StatementEntry.HoldReleased, StatementEntry.HoldPlaced],
            earnings.Where(l => l.Cause == StatementCause.Payout).Reverse().Select(l => l.Entry));
        Assert.Contains(earnings, l => l.Cause == StatementCause.Payout && l.CauseId == paid);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Statements_filter_by_days_in_China_time()
    {
        var buyer = await fixture.BuyerAsync("Midnight Buyer", 0);
        var topUp = (await fixture.Send(new RequestTopUp(buyer.OrganizationId, "10.00"), buyer.UserId)).Value;

        // 16:30 UTC on 1 December is 00:30 on 2 December in Beijing.
        var now = fixture.Clock.GetUtcNow();
        fixture.Clock.SetUtcNow(new DateTimeOffset(now.Year + 1, 12, 1, 16, 30, 0, TimeSpan.Zero));
        Assert.True((await fixture.Send(new DecideWalletRequest(WalletRequestKind.TopUp, topUp.Id, true), "midnight-admin", PlatformRoles.Administrator)).Succeeded);
        var year = now.Year + 1;

        var first = await fixture.Send(new GetStatement(buyer.OrganizationId, new StatementFilter(new DateOnly(year, 12, 1), new DateOnly(year, 12, 1))), buyer.UserId);
        var second = await fixture.Send(new GetStatement(buyer.OrganizationId, new StatementFilter(new DateOnly(year, 12, 2), new DateOnly(year, 12, 2))), buyer.UserId);

        Assert.Empty(first.Value.Lines);
        Assert.Equal(10_00, Assert.Single(second.Value.Lines).Amount);
    }

    /// <summary>Reads every page of an account's statement (small pages, to cross page boundaries) and checks it adds up.</summary>
    private async Task<List<WalletStatementLine>> AddsUpAsync(Trader trader, Asset asset, AccountCode code)
    {
        var lines = new List<WalletStatementLine>();
        WalletStatement statement;
        var page = 1;
        do
        {
            var result = await fixture.Send(new GetStatement(trader.OrganizationId, new StatementFilter(Page: page++, PageSize: 3), asset, code), trader.UserId);
            Assert.True(result.Succeeded, result.Message);
            statement = result.Value;
            lines.AddRange(statement.Lines);
        }
        while (statement.Page < statement.PageCount);

        var account = await fixture.Query(db => db.Accounts.SingleAsync(a => a.OwnerOrganizationId == trader.OrganizationId && a.Asset == asset && a.Code == code));
        Assert.Equal(statement.TotalCount, lines.Count);
        Assert.NotEmpty(lines);
        Assert.Equal(account.Balance.Posted, statement.Account.Posted);
        Assert.Equal(account.Balance.Held, statement.Account.Held);
        Assert.Equal(account.Balance.Posted, lines.Sum(l => l.Amount));
        Assert.Equal(account.Balance.Held, lines.Sum(l => l.HeldChange));
        Assert.Equal(account.Balance.Posted, lines[0].Balance);
        for (var i = 1; i < lines.Count; i++)
        {
            Assert.Equal(lines[i - 1].Balance - lines[i - 1].Amount, lines[i].Balance);
        }

        Assert.Equal(lines[^1].Amount, lines[^1].Balance);
        return lines;
    }

    private Task<int> RecordUsageAsync(Guid allocationId, long input, long output) => fixture.StoreUsageAsync(allocationId, input, output);

    public sealed class OnSqlite(SliceFixture fixture) : StatementTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : StatementTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
