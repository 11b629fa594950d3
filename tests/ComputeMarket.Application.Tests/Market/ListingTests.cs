using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Market;
using ComputeMarket.Domain.Market;
using Microsoft.EntityFrameworkCore;
using ComputeMarket.Testing;

namespace ComputeMarket.Application.Tests.Market;

public abstract class ListingTests(SliceFixture fixture)
{
    public static TheoryData<string, Action<OfferForm>, string> InvalidFields => new()
    {
        { "Form.GpuModel", f => f.GpuModel = "Voodoo 2", "Choose a GPU model" },
        { "Form.GpuCount", f => f.GpuCount = 0, "A listing has 1 to 4,096 GPUs." },
        { "Form.VramGbPerGpu", f => f.VramGbPerGpu = 24, "A H100 has 80 to 94 GB of memory." },
        { "Form.Region", f => f.Region = "Atlantis", "Choose a region from the list." },
        { "Form.ServedModel", f => f.ServedModel = " ", "Name the model you serve" },
        { "Form.ServedModel", f => f.ServedModel = new string('m', 81), "A model name has at most 80 characters." },
        { "Form.ThroughputTokensPerSecond", f => f.ThroughputTokensPerSecond = 0, "Sustained throughput is 1 to 100,000,000 tokens per second." },
        { "Form.AvailableUntilUtc", f => { f.AvailableFromUtc = f.AvailableFromUtc.AddDays(-60); f.AvailableUntilUtc = f.AvailableFromUtc.AddDays(1); }, "The availability window must end in the future." },
        { "Form.AvailableUntilUtc", f => f.AvailableUntilUtc = f.AvailableFromUtc, "The window must end after it starts." },
        { "Form.TotalQuotaTokens", f => f.TotalQuotaTokens = 0, "The token quota must be greater than zero." },
        { "Form.InputPrice", f => f.InputPrice = "0", "Enter the input price in CNY per million tokens" },
        { "Form.OutputPrice", f => f.OutputPrice = "-1", "Enter the output price in CNY per million tokens" },
        { "Form.OutputPrice", f => f.OutputPrice = "1.234", "Enter the output price in CNY per million tokens" },
        { "Form.MinimumPurchaseTokens", f => f.MinimumPurchaseTokens = 0, "The minimum purchase is at least one token." },
        { "Form.MinimumPurchaseTokens", f => f.MinimumPurchaseTokens = f.TotalQuotaTokens + 1, "The minimum purchase cannot exceed the quota." },
    };

    [DatabaseTheory]
    [MemberData(nameof(InvalidFields))]
    public async Task Every_invalid_listing_field_gets_its_message_and_nothing_is_written(string field, Action<OfferForm> spoil, string message)
    {
        var provider = await fixture.ProviderAsync($"Validating Provider {Guid.NewGuid():N}");
        var form = fixture.AnOffer();
        spoil(form);

        var saved = await fixture.Send(new SaveOffer(provider.OrganizationId, null, form), provider.UserId);

        Assert.Equal(ResultStatus.Invalid, saved.Status);
        Assert.Contains(saved.Errors[field], m => m.StartsWith(message, StringComparison.Ordinal));
        Assert.False(await fixture.Query(db => db.Offers.AnyAsync(o => o.ProviderOrganizationId == provider.OrganizationId)));
    }

    [DatabaseFact]
    public async Task Unverified_organizations_cannot_list_and_buyers_cannot_edit_listings()
    {
        var provider = await fixture.ProviderAsync("Real Provider");
        var buyer = await fixture.BuyerAsync("Would-be Seller", 0);
        var offer = await fixture.ListAsync(provider, fixture.AnOffer());

        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new SaveOffer(buyer.OrganizationId, null, fixture.AnOffer()), buyer.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new SaveOffer(provider.OrganizationId, offer, fixture.AnOffer(quota: 1_000_000)), buyer.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new ChangeOfferStatus(provider.OrganizationId, offer, OfferAction.Pause), buyer.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new GetMyListings(buyer.OrganizationId), buyer.UserId)).Status);
        Assert.False(await fixture.Query(db => db.Offers.AnyAsync(o => o.ProviderOrganizationId == buyer.OrganizationId)));
        Assert.Equal(OfferStatus.Active, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.Status).SingleAsync()));
    }

    [DatabaseFact]
    public async Task A_provider_cannot_touch_another_providers_listing()
    {
        var owner = await fixture.ProviderAsync("Listing Owner");
        var rival = await fixture.ProviderAsync("Listing Rival");
        var offer = await fixture.ListAsync(owner, fixture.AnOffer());

        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new SaveOffer(rival.OrganizationId, offer, fixture.AnOffer(inputPrice: "0.01")), rival.UserId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new ChangeOfferStatus(rival.OrganizationId, offer, OfferAction.Retire), rival.UserId)).Status);
        Assert.Equal(ResultStatus.NotFound, (await fixture.Send(new GetListingForm(rival.OrganizationId, offer), rival.UserId)).Status);
        Assert.Equal(ResultStatus.Forbidden, (await fixture.Send(new ChangeOfferStatus(owner.OrganizationId, offer, OfferAction.Retire), rival.UserId)).Status);
        var stored = await fixture.Query(db => db.Offers.SingleAsync(o => o.Id == offer));
        Assert.Equal((OfferStatus.Active, 200L), (stored.Status, stored.InputPricePerMillion));
    }

    [DatabaseFact]
    public async Task A_provider_pauses_resumes_and_retires_a_listing_and_only_active_ones_are_in_the_catalog()
    {
        var provider = await fixture.ProviderAsync("Lifecycle Provider");
        var form = fixture.AnOffer();
        form.ServedModel = "Lifecycle-Model-7B";
        var offer = await fixture.ListAsync(provider, form);
        async Task<int> InCatalog() => (await fixture.Send(new SearchCatalog(ServedModel: "Lifecycle-Model-7B"))).TotalCount;

        Assert.Equal(1, await InCatalog());
        Assert.True((await fixture.Send(new ChangeOfferStatus(provider.OrganizationId, offer, OfferAction.Pause), provider.UserId)).Succeeded);
        Assert.Equal(0, await InCatalog());
        Assert.True((await fixture.Send(new ChangeOfferStatus(provider.OrganizationId, offer, OfferAction.Resume), provider.UserId)).Succeeded);
        Assert.Equal(1, await InCatalog());
        Assert.True((await fixture.Send(new ChangeOfferStatus(provider.OrganizationId, offer, OfferAction.Retire), provider.UserId)).Succeeded);
        Assert.Equal(0, await InCatalog());
        var again = await fixture.Send(new ChangeOfferStatus(provider.OrganizationId, offer, OfferAction.Resume), provider.UserId);
        Assert.Equal(ResultStatus.Conflict, again.Status);
    }

    [DatabaseFact]
    public async Task The_quota_cannot_be_cut_below_what_buyers_reserved()
    {
        var provider = await fixture.ProviderAsync("Shrinking Provider");
        var buyer = await fixture.BuyerAsync("Reserving Buyer", 1_000_00);
        var form = fixture.AnOffer(quota: 50_000_000);
        var offer = await fixture.ListAsync(provider, form);
        Assert.True((await fixture.Send(new PlaceOrder(buyer.OrganizationId, offer, 20_000_000), buyer.UserId)).Succeeded);

        form.TotalQuotaTokens = 10_000_000;
        var saved = await fixture.Send(new SaveOffer(provider.OrganizationId, offer, form), provider.UserId);

        Assert.Equal(ResultStatus.Invalid, saved.Status);
        Assert.Contains("20,000,000", saved.Errors["Form.TotalQuotaTokens"][0], StringComparison.Ordinal);
        Assert.Equal(50_000_000, await fixture.Query(db => db.Offers.Where(o => o.Id == offer).Select(o => o.TotalQuotaTokens).SingleAsync()));
    }

    [DatabaseFact]
    public async Task The_catalog_filters_sorts_and_pages_in_the_database()
    {
        var provider = await fixture.ProviderAsync("Catalog Provider");
        var model = $"Catalog-{Guid.NewGuid():N}"[..20];
        foreach (var (gpu, vram, region, price, throughput) in new[]
        {
            ("H100", 80, "East China (Shanghai)", "8.00", 5_000L),
            ("H20", 96, "East China (Shanghai)", "3.00", 9_000L),
            ("H20", 96, "North China (Beijing)", "5.00", 2_000L),
            ("A100", 80, "Hong Kong", "12.00", 12_000L),
        })
        {
            var form = fixture.AnOffer(outputPrice: price);
            (form.GpuModel, form.VramGbPerGpu, form.Region, form.ServedModel, form.ThroughputTokensPerSecond) = (gpu, vram, region, model, throughput);
            await fixture.ListAsync(provider, form);
        }

        var cheapestFirst = await fixture.Send(new SearchCatalog(ServedModel: model));
        var h20InShanghai = await fixture.Send(new SearchCatalog(GpuModel: "H20", Region: "East China (Shanghai)", ServedModel: model));
        var underFive = await fixture.Send(new SearchCatalog(ServedModel: model, MaxPrice: "5"));
        var fastest = await fixture.Send(new SearchCatalog(ServedModel: model, MinThroughput: 4_000, Sort: CatalogSort.Throughput));
        var secondPage = await fixture.Send(new SearchCatalog(ServedModel: model, Page: 2, PageSize: 3));

        Assert.Equal([300L, 500, 800, 1_200], cheapestFirst.Rows.Select(r => r.OutputPricePerMillion));
        Assert.Equal(9_000, Assert.Single(h20InShanghai.Rows).ThroughputTokensPerSecond);
        Assert.Equal(2, underFive.TotalCount);
        Assert.Equal([12_000L, 9_000, 5_000], fastest.Rows.Select(r => r.ThroughputTokensPerSecond));
        Assert.Equal((4, 2), (secondPage.TotalCount, secondPage.PageCount));
        Assert.Equal(1_200, Assert.Single(secondPage.Rows).OutputPricePerMillion);
    }

    public sealed class OnSqlite(SliceFixture fixture) : ListingTests(fixture), IClassFixture<SliceFixture>;

    public sealed class OnPostgres(PostgresSliceFixture fixture) : ListingTests(fixture), IClassFixture<PostgresSliceFixture>, IRunsOnPostgres;
}
