using ComputeMarket.Domain.Market;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// A believable catalog of active offers from the demo provider: a seeded random mix of GPUs, regions, served
/// models, throughputs, quotas, prices and windows, so every run lists the same market.
/// </summary>
internal static class OfferMix
{
    private const int BatchSize = 2_500;

    private static readonly string[] ServedModels =
    [
        "DeepSeek-V4-Flash", "DeepSeek-V3.2", "DeepSeek-R1", "Qwen3-235B", "Qwen3-32B", "Qwen3-Coder-480B",
        "GLM-4.6", "Kimi-K2", "MiniMax-M2", "ERNIE-4.5", "Hunyuan-Large", "Llama-3.3-70B",
    ];

    private static readonly int[] GpuCounts = [1, 2, 4, 8];

    /// <summary>Adds <paramref name="count"/> active offers in a few transactions (one per batch).</summary>
    public static async Task InsertAsync(IServiceProvider services, int count, int seed)
    {
        Guid providerId;
        DateTime now;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            providerId = await db.Organizations.Where(o => o.Name == DemoSeeder.ProviderOrganization).Select(o => o.Id).SingleAsync();
        }

        var random = new Random(seed);
        for (var done = 0; done < count; done += BatchSize)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Offers.AddRange(Enumerable.Range(0, Math.Min(BatchSize, count - done)).Select(_ => Create(random, providerId, now)));
            await db.SaveChangesAsync();
        }
    }

    private static Offer Create(Random random, Guid providerId, DateTime now)
    {
        var gpu = Catalog.GpuModels[random.Next(Catalog.GpuModels.Count)];
        var gpuCount = GpuCounts[random.Next(GpuCounts.Length)];
        var vram = random.Next(2) == 0 ? gpu.MinVramGb : gpu.MaxVramGb;
        var perGpu = gpu.Name switch
        {
            "H200" or "MI300X" => 900,
            "H100" or "H20" => 700,
            "A100" or "A800" or "Ascend 910B" => 450,
            _ => 250,
        };
        var throughput = perGpu * gpuCount * random.Next(70, 131) / 100;
        var quota = random.Next(1, 501) * 10_000_000L;
        var terms = new OfferTerms(
            gpu.Name,
            gpuCount,
            vram,
            Catalog.Regions[random.Next(Catalog.Regions.Count)],
            ServedModels[random.Next(ServedModels.Length)],
            throughput,
            AvailableFromUtc: now.AddDays(-random.Next(0, 15)),
            AvailableUntilUtc: now.AddDays(random.Next(30, 181)),
            TotalQuotaTokens: quota,
            InputPricePerMillion: random.Next(50, 801),
            OutputPricePerMillion: random.Next(200, 3201),
            MinimumPurchaseTokens: 1_000_000);
        var offer = Offer.List(providerId, terms, publish: true, now);

        // As if many providers listed: reliability scores spread from 90.0 % to 100.0 %, with ties.
        offer.RateProvider(random.Next(900, 1001));
        return offer;
    }
}
