using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Domain.Market;
using Microsoft.EntityFrameworkCore;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Market;

public abstract class PackageTests(SliceFixture fixture)
{
    [DatabaseFact]
    public async Task A_provider_defines_a_package_that_a_buyer_buys_in_one_step_into_escrow()
    {
        var provider = await fixture.ProviderAsync("Package Definer");
        var buyer = await fixture.BuyerAsync("Package Shopper", 100_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000, minimum: 1));

        var defined = await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "10M tokens, 30 days", 10_000_000, "39.90", 30, PackageExpiryRule.Refund), provider.UserId);
        var detail = (await fixture.Send(new GetOffer(offer))).Value;
        var bought = await fixture.Send(new BuyPackage(buyer.OrganizationId, defined.Value), buyer.UserId);

        Assert.Equal(3_990, Assert.Single(detail.Packages).Price);
        Assert.True(bought.Succeeded, bought.Message);
        Assert.Equal(3_990, (await fixture.AccountAsync(buyer.MoneyEscrow)).Balance.Posted);
        Assert.Equal(100_00 - 3_990, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Posted);
        var allocation = await fixture.Query(db => db.Allocations.SingleAsync(a => a.Id == bought.Value.AllocationId));
        Assert.Equal((AllocationKind.Package, 10_000_000L), (allocation.Kind, allocation.QuotaTokens));
        Assert.Equal(fixture.Clock.GetUtcNow().UtcDateTime.AddDays(30), allocation.ExpiresAtUtc);
        Assert.Equal(10_000_000, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.ReservedTokens).SingleAsync()));
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task Bad_package_values_and_strangers_are_refused_and_nothing_is_written()
    {
        var provider = await fixture.ProviderAsync("Careful Definer");
        var rival = await fixture.ProviderAsync("Rival Definer");
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000));

        var bad = await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "", 0, "0", 0, PackageExpiryRule.Forfeit), provider.UserId);
        var tooBig = await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "Huge", 200_000_000, "1", 30, PackageExpiryRule.Forfeit), provider.UserId);
        var foreign = await fixture.Send(new DefinePackage(rival.OrganizationId, offer, "Theirs", 1_000, "1", 30, PackageExpiryRule.Forfeit), rival.UserId);

        Assert.Equal(ResultStatus.Invalid, bad.Status);
        Assert.Equal(["Name", "Price", "Tokens", "ValidityDays"], bad.Errors.Keys.Order());
        Assert.Equal("A package cannot hold more tokens than the listing's quota.", tooBig.Errors["Tokens"][0]);
        Assert.Equal(ResultStatus.NotFound, foreign.Status);
        Assert.False(await fixture.Query(db => db.TokenPackages.AnyAsync(p => p.OfferId == offer)));
    }

    [DatabaseFact]
    public async Task A_withdrawn_package_can_no_longer_be_bought()
    {
        var provider = await fixture.ProviderAsync("Withdrawing Definer");
        var buyer = await fixture.BuyerAsync("Late Shopper", 100_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000, minimum: 1));
        var package = (await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "Short-lived", 1_000_000, "5", 7, PackageExpiryRule.Forfeit), provider.UserId)).Value;

        Assert.True((await fixture.Send(new WithdrawPackage(provider.OrganizationId, package), provider.UserId)).Succeeded);
        var bought = await fixture.Send(new BuyPackage(buyer.OrganizationId, package), buyer.UserId);

        Assert.Equal(ResultStatus.NotFound, bought.Status);
        Assert.Equal(100_00, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Available);
    }

    [DatabaseFact]
    public async Task A_package_past_the_monthly_limit_is_refused_with_a_notification_as_an_order_is()
    {
        var provider = await fixture.ProviderAsync("Limited Package Provider");
        var buyer = await fixture.BuyerAsync("Limited Package Buyer", 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(minimum: 1));
        var package = (await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "50M tokens", 50_000_000, "200.00", 30, PackageExpiryRule.Refund), provider.UserId)).Value;
        Assert.True((await fixture.Send(new SetSpendingControls(buyer.OrganizationId, "150", null), buyer.UserId)).Succeeded);

        var bought = await fixture.Send(new BuyPackage(buyer.OrganizationId, package), buyer.UserId);

        Assert.Equal(ResultStatus.Invalid, bought.Status);
        Assert.Contains("monthly spending limit of ¥150.00 by ¥50.00", bought.Errors["PackageId"][0], StringComparison.Ordinal);
        Assert.False(await fixture.Query(db => db.Allocations.AnyAsync(a => a.BuyerOrganizationId == buyer.OrganizationId)));
        Assert.Equal(1_000_00, (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Available);
        var notification = await fixture.Query(db => db.Notifications.SingleAsync(n => n.OrganizationId == buyer.OrganizationId));
        Assert.Equal(Domain.Organizations.NotificationKind.SpendingLimitReached, notification.Kind);
    }

    public sealed class OnSqlite(SliceFixture fixture) : PackageTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : PackageTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
