namespace ComputeMarket.Domain.Ledger;

/// <summary>An account's four counters as a value, so a batch can be checked before anything is written.</summary>
public readonly record struct AccountBalance(long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)
{
    /// <summary>For a credit-normal account (a wallet): what has been received less what has been spent.</summary>
    public long Posted => checked(CreditsPosted - DebitsPosted);

    /// <summary>For a credit-normal account: what is still free to spend, holds deducted.</summary>
    public long Available => checked(CreditsPosted - DebitsPosted - DebitsPending);

    /// <summary>For a credit-normal account: what pending transfers hold.</summary>
    public long Held => DebitsPending;

    public bool Satisfies(AccountFlags flags) =>
        (!flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits) || checked(DebitsPending + DebitsPosted) <= CreditsPosted)
        && (!flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits) || checked(CreditsPending + CreditsPosted) <= DebitsPosted);
}
