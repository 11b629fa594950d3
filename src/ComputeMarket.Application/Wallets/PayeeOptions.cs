namespace ComputeMarket.Application.Wallets;

/// <summary>
/// The platform's bank account that top-ups are paid into (<c>Payments:Payee</c>): shown to buyers with the amount
/// and the reference to write, and to administrators beside the confirmation queue.
/// </summary>
public sealed class PayeeOptions
{
    public const string Section = "Payments:Payee";

    public string AccountName { get; set; } = "";

    public string Bank { get; set; } = "";

    public string AccountNumber { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountName) && !string.IsNullOrWhiteSpace(Bank) && !string.IsNullOrWhiteSpace(AccountNumber);
}
