using ComputeMarket.Domain.Market;

namespace ComputeMarket.Infrastructure.Seeding;

/// <summary>
/// A believable demo catalog: a few dozen offers across GPU models, regions and served models, at prices in the
/// ranges Chinese inference providers charge (fen per million tokens), some with an earlier price and packages.
/// Deterministic (fixed seed), so every fresh database looks the same.
/// </summary>
internal static class DemoCatalog
{
    private static readonly (string Model, long Input, long Output, long Throughput)[] Models =
    [
        ("DeepSeek-V4-Flash", 100, 400, 9_000),
        ("DeepSeek-V3.2", 200, 300, 6_000),
        ("DeepSeek-R1", 400, 1_600, 3_500),
        ("Qwen3-235B-A22B", 200, 800, 5_000),
        ("Qwen3-32B", 100, 400, 8_000),
        ("Qwen3-Coder-480B", 600, 2_400, 2_800),
        ("GLM-4.6", 200, 800, 4_500),
        ("Kimi-K2", 400, 1_600, 3_000),
        ("MiniMax-M2", 210, 840, 4_000),
        ("Qwen2.5-7B-Instruct", 30, 60, 20_000),
    ];

    private static readonly (string Gpu, int Vram)[] Hardware =
    [
        ("H100", 80), ("H200", 141), ("H20", 96), ("A100", 80), ("A800", 80), ("L40S", 48), ("RTX 4090", 24), ("Ascend 910B", 64),
    ];

    private static readonly int[] GpuCounts = [1, 2, 4, 8, 8, 16];
    private static readonly long[] Quotas = [500_000_000L, 1_000_000_000L, 5_000_000_000L, 20_000_000_000L];
    private static readonly long[] MinimumPurchases = [1_000_000L, 1_000_000L, 10_000_000L];

    public static IEnumerable<(Offer Offer, TokenPackage? Package)> For(Guid provider, int count, int seed, DateTime nowUtc)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var (model, input, output, throughput) = Models[random.Next(Models.Length)];
            var (gpu, vram) = Hardware[random.Next(Hardware.Length)];
            var factor = 80 + random.Next(41); // ±20 % around the reference price
            var listedAt = nowUtc.AddDays(-random.Next(10, 40));
            var terms = new OfferTerms(
                gpu,
                GpuCounts[random.Next(GpuCounts.Length)],
                vram,
                Catalog.Regions[random.Next(Catalog.Regions.Count)],
                model,
                throughput * (70 + random.Next(61)) / 100,
                listedAt,
                nowUtc.AddDays(random.Next(20, 120)),
                Quotas[random.Next(Quotas.Length)],
                Math.Max(1, input * factor / 100 * 12 / 10),
                Math.Max(1, output * factor / 100 * 12 / 10),
                MinimumPurchases[random.Next(MinimumPurchases.Length)]);
            var offer = Offer.List(provider, terms, publish: true, listedAt);
            if (random.Next(3) == 0)
            {
                // A price cut a few days ago gives the price-history chart something to show.
                offer.Revise(terms with { InputPricePerMillion = input * factor / 100, OutputPricePerMillion = output * factor / 100 }, nowUtc.AddDays(-random.Next(1, 8)));
            }

            var package = random.Next(4) == 0
                ? new TokenPackage(offer.Id, "10M tokens, 30 days", 10_000_000, 3_990, 30, random.Next(2) == 0 ? PackageExpiryRule.Refund : PackageExpiryRule.Forfeit)
                : null;
            yield return (offer, package);
        }
    }
}
