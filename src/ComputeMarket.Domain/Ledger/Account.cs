using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Ledger;

/// <summary>
/// A ledger account with its four counters. Only the ledger service changes the counters, through
/// <see cref="LedgerRules"/>, inside the transaction that appends the transfers that explain them.
/// </summary>
public sealed class Account
{
    private Account()
    {
    }

    public Account(Asset asset, AccountCode code, Guid? ownerOrganizationId, AccountFlags flags)
    {
        if (!Enum.IsDefined(asset))
        {
            throw new DomainException($"There is no asset {(int)asset}.");
        }

        if (!Enum.IsDefined(code))
        {
            throw new DomainException($"There is no account code {(int)code}.");
        }

        // Both constraints at once would allow no transfer ever to touch the account: it is credit-normal or debit-normal.
        if (flags == (AccountFlags.DebitsMustNotExceedCredits | AccountFlags.CreditsMustNotExceedDebits))
        {
            throw new DomainException("An account carries at most one of the two balance constraints.");
        }

        if (!Enum.IsDefined(flags))
        {
            throw new DomainException($"There are no account flags {(int)flags}.");
        }

        Asset = asset;
        Code = code;
        OwnerOrganizationId = ownerOrganizationId;
        Flags = flags;
    }

    public long Id { get; private set; }

    public Asset Asset { get; private set; }

    public AccountCode Code { get; private set; }

    /// <summary>The organization that owns the account, or null for the platform's own accounts.</summary>
    public Guid? OwnerOrganizationId { get; private set; }

    public AccountFlags Flags { get; private set; }

    public long DebitsPending { get; private set; }

    public long DebitsPosted { get; private set; }

    public long CreditsPending { get; private set; }

    public long CreditsPosted { get; private set; }

    /// <summary>Optimistic concurrency token, bumped with every change of the counters.</summary>
    public long Version { get; private set; }

    public AccountBalance Balance => new(DebitsPending, DebitsPosted, CreditsPending, CreditsPosted);

    internal void Apply(AccountBalance balance)
    {
        DebitsPending = balance.DebitsPending;
        DebitsPosted = balance.DebitsPosted;
        CreditsPending = balance.CreditsPending;
        CreditsPosted = balance.CreditsPosted;
        Version++;
    }
}
