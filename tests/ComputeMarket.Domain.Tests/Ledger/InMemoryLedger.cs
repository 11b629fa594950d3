using System.Reflection;
using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Domain.Tests.Ledger;

/// <summary>
/// LedgerRules with an in-memory store around it, doing for the pure tests what LedgerService does with the
/// database: hands the rules a snapshot and, when a batch applies, keeps the transfers it created.
/// </summary>
internal sealed class InMemoryLedger
{
    private readonly Dictionary<long, Account> _accounts = [];
    private readonly Dictionary<Guid, Transfer> _transfers = [];
    private readonly HashSet<Guid> _resolvedPendingIds = [];
    private readonly List<Transfer> _chain = [];

    public LedgerHead Head { get; } = new();

    public IReadOnlyDictionary<long, Account> Accounts => _accounts;

    /// <summary>Every stored transfer, in sequence order.</summary>
    public IReadOnlyList<Transfer> Chain => _chain;

    public Account this[long accountId] => _accounts[accountId];

    public InMemoryLedger Open(long id, Asset asset, AccountCode code, AccountFlags flags)
    {
        _accounts.Add(id, TestOnly.WithId(new Account(asset, code, null, flags), id));
        return this;
    }

    public LedgerOutcome Post(DateTime nowUtc, params TransferRequest[] requests)
    {
        var outcome = LedgerRules.Apply(requests, new LedgerSnapshot(Head, _accounts, _transfers, _resolvedPendingIds), nowUtc);
        foreach (var transfer in outcome.Created)
        {
            _transfers.Add(transfer.Id, transfer);
            _chain.Add(transfer);
            if (transfer.PendingId is { } resolved)
            {
                _resolvedPendingIds.Add(resolved);
            }
        }

        return outcome;
    }
}

/// <summary>
/// Test-only reflection. The domain keeps these setters private (the database assigns account ids; transfers are
/// immutable), but the pure tests need distinct account ids without a database, need to tamper with a transfer to
/// prove its hash notices, and need a transfer with every field fixed to pin the canonical format.
/// </summary>
internal static class TestOnly
{
    public static Account WithId(Account account, long id)
    {
        SetPrivate(account, nameof(Account.Id), id);
        return account;
    }

    /// <summary>A transfer with every field chosen by the test, through the constructor LedgerRules uses.</summary>
    public static Transfer NewTransfer(
        long sequence,
        Guid id,
        long debitAccountId,
        long creditAccountId,
        long amount,
        Asset asset,
        TransferCode code,
        TransferFlags flags,
        Guid? pendingId,
        DateTime? expiresAtUtc,
        string reference,
        DateTime timestampUtc,
        string previousHash)
    {
        var constructor = typeof(Transfer).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic).Single(c => c.GetParameters().Length == 13);
        return (Transfer)constructor.Invoke(
            [sequence, id, debitAccountId, creditAccountId, amount, asset, code, flags, pendingId, expiresAtUtc, reference, timestampUtc, previousHash]);
    }

    public static void SetPrivate(object target, string propertyName, object? value)
    {
        var property = target.GetType().GetProperty(propertyName, BindingFlags.Instance | BindingFlags.Public)
            ?? throw new InvalidOperationException($"{target.GetType().Name} has no property {propertyName}.");
        var setter = property.GetSetMethod(nonPublic: true)
            ?? throw new InvalidOperationException($"{target.GetType().Name}.{propertyName} has no setter.");
        setter.Invoke(target, [value]);
    }
}
