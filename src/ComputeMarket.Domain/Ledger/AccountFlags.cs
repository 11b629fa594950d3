namespace ComputeMarket.Domain.Ledger;

/// <summary>Balance constraints checked inside the transaction that moves the account (TigerBeetle's model).</summary>
[Flags]
public enum AccountFlags
{
    None = 0,

    /// <summary>debits pending + debits posted ≤ credits posted: a credit-normal account that cannot go below zero.</summary>
    DebitsMustNotExceedCredits = 1,

    /// <summary>credits pending + credits posted ≤ debits posted: a debit-normal account that cannot go below zero.</summary>
    CreditsMustNotExceedDebits = 2,
}
