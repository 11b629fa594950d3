using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Domain.Market;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Tests.Market;

/// <summary>The catalog's sort keys and directions, the blended price, the up-front refusals of a quote, and form tokens.</summary>
public abstract class CatalogTests(SliceFixture fixture)
{
    public static TheoryData<CatalogSort, SortDirection> Sorts()
    {
        var data = new TheoryData<CatalogSort, SortDirection>();
        foreach (var sort in Enum.GetValues<CatalogSort>())
        {
            data.Add(sort, SortDirection.Ascending);
            data.Add(sort, SortDirection.Descending);
        }

        return data;
    }

    [DatabaseFact]
    public void The_blended_price_weighs_input_and_output_three_to_one_rounded_half_up()
    {
        Assert.Equal(3, Pricing.BlendedInputShare);
        Assert.Equal(1, Pricing.BlendedOutputShare);
        Assert.Equal(350, Pricing.BlendedPricePerMillion(200, 800)); // (600 + 800) / 4
        Assert.Equal(2, Pricing.BlendedPricePerMillion(1, 3)); // 6 / 4 = 1.5 → 2
        Assert.Equal(1, Pricing.BlendedPricePerMillion(1, 2)); // 5 / 4 = 1.25 → 1
    }

    [DatabaseTheory]
    [MemberData(nameof(Sorts))]
    public async Task Every_sort_key_orders_the_catalog_in_both_directions(CatalogSort sort, SortDirection direction)
    {
        var model = await ListMixAsync();

        var page = await fixture.Send(new SearchCatalog(ServedModel: model, Sort: sort, Direction: direction, PageSize: 100));

        Assert.Equal(5, page.Rows.Count);
        var keys = page.Rows.Select(r => sort switch
        {
            CatalogSort.Blended => r.BlendedPricePerMillion,
            CatalogSort.Input => r.InputPricePerMillion,
            CatalogSort.Output => r.OutputPricePerMillion,
            CatalogSort.Throughput => r.ThroughputTokensPerSecond,
            CatalogSort.Reliability => r.ProviderReliability,
            _ => r.MaxPricePerMillion,
        }).ToList();
        var expected = direction == SortDirection.Ascending ? keys.Order().ToList() : keys.OrderDescending().ToList();
        Assert.Equal(expected, keys);
        Assert.True(keys.Distinct().Count() >= 4, $"the mix has different {sort} values: {string.Join(", ", keys)}");
        Assert.All(page.Rows, r => Assert.Equal(Pricing.BlendedPricePerMillion(r.InputPricePerMillion, r.OutputPricePerMillion), r.BlendedPricePerMillion));
    }

    [DatabaseFact]
    public async Task Without_a_direction_prices_read_cheapest_first_and_throughput_and_reliability_highest_first()
    {
        var model = await ListMixAsync();

        var blended = await fixture.Send(new SearchCatalog(ServedModel: model, Sort: CatalogSort.Blended));
        var reliability = await fixture.Send(new SearchCatalog(ServedModel: model, Sort: CatalogSort.Reliability));

        Assert.Equal([250L, 350, 500, 700, 1_000], blended.Rows.Select(r => r.BlendedPricePerMillion));
        Assert.Equal(1_000, reliability.Rows[0].ProviderReliability);
        Assert.Equal(900, reliability.Rows[^1].ProviderReliability);
    }

    [DatabaseFact]
    public async Task The_count_is_exact_up_to_the_limit_and_a_page_knows_whether_another_follows()
    {
        var model = await ListMixAsync();

        var first = await fixture.Send(new SearchCatalog(ServedModel: model, PageSize: 2));
        var last = await fixture.Send(new SearchCatalog(ServedModel: model, PageSize: 2, Page: 3));

        Assert.Equal((5, false, true, 3), (first.TotalCount, first.CountIsCapped, first.HasNextPage, first.PageCount));
        Assert.Equal((1, false), (last.Rows.Count, last.HasNextPage));
    }

    [DatabaseFact]
    public async Task A_quote_for_more_than_the_wallet_holds_shows_the_balance_and_says_how_much_is_missing()
    {
        var provider = await fixture.ProviderAsync($"Quoting Provider {Guid.NewGuid():N}"[..30]);
        var buyer = await fixture.BuyerAsync($"Short Buyer {Guid.NewGuid():N}"[..30], 10_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000, inputPrice: "2.00", outputPrice: "8.00"));

        var affordable = await fixture.Send(new QuoteOrder(offer, 1_000_000, buyer.OrganizationId), buyer.UserId);
        var tooDear = await fixture.Send(new QuoteOrder(offer, 2_000_000, buyer.OrganizationId), buyer.UserId);
        var stranger = await fixture.Send(new QuoteOrder(offer, 2_000_000, buyer.OrganizationId), provider.UserId);

        Assert.Equal((8_00L, 10_00L, 0L, (string?)null), (affordable.Value.MaxCost, affordable.Value.Available, affordable.Value.Shortfall, affordable.Value.Problem));
        Assert.Equal((16_00L, 10_00L, 6_00L), (tooDear.Value.MaxCost, tooDear.Value.Available, tooDear.Value.Shortfall));
        Assert.Contains("needs ¥6.00 more", tooDear.Value.Problem, StringComparison.Ordinal);
        Assert.Contains("¥16.00", tooDear.Value.Problem, StringComparison.Ordinal);
        Assert.Null(stranger.Value.Available); // a stranger's quote tells nothing about the buyer's wallet
    }

    [DatabaseFact]
    public async Task A_quote_that_would_pass_the_monthly_limit_says_by_how_much()
    {
        var provider = await fixture.ProviderAsync($"Limit Provider {Guid.NewGuid():N}"[..30]);
        var buyer = await fixture.BuyerAsync($"Limited Buyer {Guid.NewGuid():N}"[..30], 1_000_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000, inputPrice: "2.00", outputPrice: "8.00"));
        Assert.True((await fixture.Send(new SetSpendingControls(buyer.OrganizationId, "20.00", null), buyer.UserId)).Succeeded);

        var quote = await fixture.Send(new QuoteOrder(offer, 3_000_000, buyer.OrganizationId), buyer.UserId);

        Assert.Equal((24_00L, 20_00L, 4_00L), (quote.Value.MaxCost, quote.Value.MonthlyLimit, quote.Value.OverLimitBy));
        Assert.Contains("¥4.00 past the monthly limit of ¥20.00", quote.Value.Problem, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task The_same_package_form_sent_twice_buys_once()
    {
        var provider = await fixture.ProviderAsync($"Twice Provider {Guid.NewGuid():N}"[..30]);
        var buyer = await fixture.BuyerAsync($"Double Clicker {Guid.NewGuid():N}"[..30], 100_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000, minimum: 1));
        var package = (await fixture.Send(new DefinePackage(provider.OrganizationId, offer, "10M", 10_000_000, "39.90", 30, PackageExpiryRule.Refund), provider.UserId)).Value;
        var token = Guid.NewGuid();

        var first = await fixture.Send(new BuyPackage(buyer.OrganizationId, package, token), buyer.UserId);
        var second = await fixture.Send(new BuyPackage(buyer.OrganizationId, package, token), buyer.UserId);
        var another = await fixture.Send(new BuyPackage(buyer.OrganizationId, package, Guid.NewGuid()), buyer.UserId);

        Assert.True(first.Succeeded, first.Message);
        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Contains("already bought", second.Message, StringComparison.Ordinal);
        Assert.True(another.Succeeded, another.Message); // a new form is a new purchase
        Assert.Equal(2, await fixture.Query(db => db.Allocations.CountAsync(a => a.BuyerOrganizationId == buyer.OrganizationId)));
        Assert.Equal(100_00 - (2 * 3_990), (await fixture.AccountAsync(buyer.MoneyWallet)).Balance.Posted);
        await fixture.AssertLedgerIsSoundAsync();
    }

    [DatabaseFact]
    public async Task The_same_order_confirmation_sent_twice_places_one_order()
    {
        var provider = await fixture.ProviderAsync($"Once Provider {Guid.NewGuid():N}"[..30]);
        var buyer = await fixture.BuyerAsync($"Once Buyer {Guid.NewGuid():N}"[..30], 100_00);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer(quota: 100_000_000));
        var token = Guid.NewGuid();

        var first = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000, FormToken: token), buyer.UserId);
        var second = await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 1_000_000, FormToken: token), buyer.UserId);

        Assert.True(first.Succeeded, first.Message);
        Assert.Equal(ResultStatus.Conflict, second.Status);
        Assert.Equal(1, await fixture.Query(db => db.Allocations.CountAsync(a => a.BuyerOrganizationId == buyer.OrganizationId)));
        Assert.Equal(1_000_000, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.ReservedTokens).SingleAsync()));
    }

    /// <summary>Five offers of one new served model with distinct prices, throughputs and provider reliabilities.</summary>
    private async Task<string> ListMixAsync()
    {
        var provider = await fixture.ProviderAsync($"Sorting Provider {Guid.NewGuid():N}"[..30]);
        var model = $"Sort-{Guid.NewGuid():N}"[..20];
        (string Input, string Output, long Throughput, int Reliability)[] mix =
        [
            ("1.00", "7.00", 3_000, 950), // blended 250, max 700
            ("2.00", "8.00", 9_000, 1_000), // blended 350, max 800
            ("4.00", "8.00", 1_000, 900), // blended 500, max 800 (ties the max price above)
            ("6.00", "10.00", 5_000, 990), // blended 700, max 1000
            ("9.00", "13.00", 7_000, 920), // blended 1000, max 1300
        ];
        foreach (var (input, output, throughput, reliability) in mix)
        {
            var form = fixture.AnOffer(inputPrice: input, outputPrice: output);
            form.ServedModel = model;
            form.ThroughputTokensPerSecond = throughput;
            var id = await fixture.ListAsync(provider, form);
            await fixture.Query(async db =>
            {
                (await db.Offers.SingleAsync(o => o.Id == id)).RateProvider(reliability);
                return await db.SaveChangesAsync();
            });
        }

        return model;
    }

    public sealed class OnSqlite(SliceFixture fixture) : CatalogTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : CatalogTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
