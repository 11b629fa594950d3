namespace ComputeMarket.Infrastructure.Seeding;

/// <summary>The "Demo" configuration section. Development turns seeding on; production never should.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }

    /// <summary>The password of every demo account (documented in the README).</summary>
    public string Password { get; set; } = "Demo-pass-2026";

    /// <summary>The demo provider's metering key (its plain value, so the README and the demo agent can use it).</summary>
    public string? MeteringKey { get; set; }

    /// <summary>The first demo buyer's usage key.</summary>
    public string? UsageKey { get; set; }
}
