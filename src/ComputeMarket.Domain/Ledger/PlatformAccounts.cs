namespace ComputeMarket.Domain.Ledger;

/// <summary>
/// The platform's own accounts, created with the database (fixed ids). Money enters and leaves only through
/// External; compute credits are minted only by BankPool. Every other account carries a balance constraint.
/// </summary>
public static class PlatformAccounts
{
    public const long MoneyExternal = 1;
    public const long MoneyFees = 2;
    public const long TokBankPool = 3;
    public const long TokInterestIncome = 4;
    public const long TokFees = 5;

    public static IReadOnlyList<(long Id, Asset Asset, AccountCode Code, AccountFlags Flags)> All { get; } =
    [
        (MoneyExternal, Asset.Money, AccountCode.External, AccountFlags.None),
        (MoneyFees, Asset.Money, AccountCode.Fees, AccountFlags.DebitsMustNotExceedCredits),
        (TokBankPool, Asset.Tok, AccountCode.BankPool, AccountFlags.None),
        (TokInterestIncome, Asset.Tok, AccountCode.InterestIncome, AccountFlags.DebitsMustNotExceedCredits),
        (TokFees, Asset.Tok, AccountCode.Fees, AccountFlags.DebitsMustNotExceedCredits),
    ];

    /// <summary>The accounts allowed to have no balance constraint: the two sources of value.</summary>
    public static bool MayBeUnconstrained(long accountId) => accountId is MoneyExternal or TokBankPool;

    /// <summary>
    /// The balance constraint an account must carry, given what it is: a platform account has its fixed flags; an
    /// organization's account is credit-normal (cannot go below zero) except its loan, which is debit-normal.
    /// </summary>
    public static AccountFlags RequiredFlags(long accountId, AccountCode code, bool ownedByOrganization) =>
        !ownedByOrganization && All.FirstOrDefault(p => p.Id == accountId) is { Id: > 0 } platform ? platform.Flags
        : code == AccountCode.Loan ? AccountFlags.CreditsMustNotExceedDebits
        : AccountFlags.DebitsMustNotExceedCredits;

    /// <summary>The accounts every organization has from the day it is founded.</summary>
    public static IReadOnlyList<(Asset Asset, AccountCode Code)> PerOrganization { get; } =
    [
        (Asset.Money, AccountCode.Wallet),
        (Asset.Money, AccountCode.Escrow),
        (Asset.Tok, AccountCode.Wallet),
    ];
}
