namespace ComputeMarket.Domain.Ledger;

/// <summary>What an account is for. Numbers are stored; never renumber.</summary>
public enum AccountCode
{
    /// <summary>An organization's spendable balance.</summary>
    Wallet = 1,

    /// <summary>An organization's money paid in advance and not yet earned by the seller (token packages).</summary>
    Escrow = 2,

    /// <summary>An organization's money locked as collateral for a loan.</summary>
    Collateral = 3,

    /// <summary>What an organization owes the bank in TOK.</summary>
    Loan = 4,

    /// <summary>The outside world: money enters (top-ups) and leaves (payouts) only through it.</summary>
    External = 10,

    /// <summary>The platform's fee income.</summary>
    Fees = 11,

    /// <summary>The bank's pool: the only account that mints compute credits.</summary>
    BankPool = 12,

    /// <summary>The bank's interest income on loans, in TOK.</summary>
    InterestIncome = 13,
}
