namespace ComputeMarket.Application.Ledger;

/// <summary>The "Money" configuration section: which currency the money ledger counts in (minor units).</summary>
public sealed class MoneyOptions
{
    public const string Section = "Money";

    public string Currency { get; set; } = "CNY";
}
