namespace ComputeMarket.Domain.Market;

/// <summary>A GPU model the market knows, with the memory sizes it ships with.</summary>
public sealed record GpuModel(string Name, int MinVramGb, int MaxVramGb);

/// <summary>The fixed vocabularies of a listing: GPU models and regions (served models are free text).</summary>
public static class Catalog
{
    public static IReadOnlyList<GpuModel> GpuModels { get; } =
    [
        new("H100", 80, 94),
        new("H200", 141, 141),
        new("H20", 96, 96),
        new("A100", 40, 80),
        new("A800", 40, 80),
        new("L40S", 48, 48),
        new("RTX 4090", 24, 24),
        new("Ascend 910B", 32, 64),
        new("MI300X", 192, 192),
    ];

    public static IReadOnlyList<string> Regions { get; } =
    [
        "East China (Shanghai)",
        "North China (Beijing)",
        "South China (Shenzhen)",
        "Southwest China (Chengdu)",
        "Northwest China (Ningxia)",
        "Central China (Wuhan)",
        "Hong Kong",
    ];

    public static GpuModel? FindGpu(string? name) => GpuModels.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));
}
