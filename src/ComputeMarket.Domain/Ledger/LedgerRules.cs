using System.Buffers;
using System.Text;

namespace ComputeMarket.Domain.Ledger;

/// <summary>What the ledger knows before a batch: the accounts it touches and the transfers it refers to.</summary>
public sealed record LedgerSnapshot(
    LedgerHead Head,
    IReadOnlyDictionary<long, Account> Accounts,
    IReadOnlyDictionary<Guid, Transfer> StoredTransfers,
    IReadOnlySet<Guid> ResolvedPendingIds);

/// <summary>The batch's outcome: a result per request, and the new transfers when it applied.</summary>
public sealed record LedgerOutcome(IReadOnlyList<TransferResult> Results, IReadOnlyList<Transfer> Created)
{
    public bool Applied => Results.All(r => r is TransferResult.Ok or TransferResult.Exists);
}

/// <summary>
/// The ledger's rules, as pure code: checks a batch of transfer requests against a snapshot, and either applies
/// all of it (new counters on the accounts, new chained transfers, the head moved) or none of it.
/// </summary>
public static class LedgerRules
{
    /// <summary>The longest a pending transfer may wait before it can only be voided.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(3_660);

    /// <summary>
    /// The ledger keeps time in whole microseconds: the finest every supported database stores (PostgreSQL's
    /// <c>timestamp</c>), so a time read back is the time that was hashed, on every provider.
    /// </summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMicroseconds(1);

    /// <summary>A time cut to <see cref="Resolution"/>, as the ledger stores and hashes it.</summary>
    public static DateTime ToResolution(DateTime time) => new(time.Ticks - (time.Ticks % Resolution.Ticks), time.Kind);

    /// <param name="nowUtc">
    /// The transfers' timestamp, cut to <see cref="Resolution"/>. A time of another kind is a bug in the caller, so it
    /// throws.
    /// </param>
    public static LedgerOutcome Apply(IReadOnlyList<TransferRequest> requests, LedgerSnapshot snapshot, DateTime nowUtc)
    {
        if (nowUtc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"The ledger's clock reads UTC; this time is {nowUtc.Kind}.", nameof(nowUtc));
        }

        var batch = new Batch(snapshot, ToResolution(nowUtc));
        var results = new TransferResult[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            results[i] = batch.Add(WithTimeoutInLedgerTerms(requests[i]));
        }

        return results.All(r => r is TransferResult.Ok or TransferResult.Exists) ? batch.Commit(results) : FailTogether(results);
    }

    /// <summary>
    /// A zero timeout means none (as in TigerBeetle), and a positive one is rounded up to <see cref="Resolution"/>, so
    /// that the stored expiry minus the stored timestamp gives it back. Rewriting it before anything else looks at
    /// the request makes a retry that spells the same timeout another way the same request, for the checks and for
    /// idempotency alike.
    /// </summary>
    private static TransferRequest WithTimeoutInLedgerTerms(TransferRequest request) => request.Timeout switch
    {
        { } zero when zero == TimeSpan.Zero => request with { Timeout = null },
        { } timeout when timeout > TimeSpan.Zero && timeout <= MaxTimeout && timeout.Ticks % Resolution.Ticks != 0 =>
            request with { Timeout = TimeSpan.FromTicks(timeout.Ticks + Resolution.Ticks - (timeout.Ticks % Resolution.Ticks)) },
        _ => request,
    };

    /// <summary>One failure fails the batch: nothing is written, and the requests that were fine say why they were not applied.</summary>
    private static LedgerOutcome FailTogether(TransferResult[] results) =>
        new([.. results.Select(r => r == TransferResult.Ok ? TransferResult.LinkedTransferFailed : r)], []);

    /// <summary>What a request can be judged on alone, before any account or pending transfer is looked up.</summary>
    private static TransferResult CheckShape(TransferRequest request)
    {
        if (request.Reference.Length > Transfer.ReferenceMaxLength)
        {
            return TransferResult.ReferenceTooLong;
        }

        if (!IsWellFormedUtf16(request.Reference))
        {
            return TransferResult.ReferenceIsNotValidText;
        }

        if (request.Flags is not (TransferFlags.None or TransferFlags.Pending or TransferFlags.PostPending or TransferFlags.VoidPending))
        {
            return TransferResult.FlagsAreInvalid;
        }

        return request.Timeout switch
        {
            null => TransferResult.Ok,
            var timeout when timeout < TimeSpan.Zero => TransferResult.TimeoutMustNotBeNegative,
            _ when request.Flags != TransferFlags.Pending => TransferResult.TimeoutRequiresPending,
            var timeout when timeout > MaxTimeout => TransferResult.TimeoutTooLong,
            _ => TransferResult.Ok,
        };
    }

    /// <summary>
    /// The canonical text hashes the reference's UTF-8, and a lone surrogate has no UTF-8: it would be written as
    /// U+FFFD, so two different references would share one canonical text and one hash.
    /// </summary>
    private static bool IsWellFormedUtf16(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    /// <summary>Each account's balance flags, on its counters as the movement leaves them.</summary>
    private static TransferResult CheckBalanceConstraints(Movement movement)
    {
        try
        {
            return !movement.DebitBalance.Satisfies(movement.Debit.Flags) ? TransferResult.ExceedsCredits
                : !movement.CreditBalance.Satisfies(movement.Credit.Flags) ? TransferResult.ExceedsDebits
                : TransferResult.Ok;
        }
        catch (OverflowException)
        {
            return TransferResult.Overflow;
        }
    }

    /// <summary>Whether a retried request describes the transfer already stored under its id.</summary>
    private static bool SameFields(Transfer stored, TransferRequest request)
    {
        if (stored.Flags != request.Flags || stored.Code != request.Code || stored.Reference != request.Reference || stored.PendingId != request.PendingId)
        {
            return false;
        }

        // A pending transfer's timeout is part of what it is: a retry with another timeout is another transfer.
        var storedTimeout = stored.ExpiresAtUtc is { } expires ? expires - stored.TimestampUtc : (TimeSpan?)null;
        if (storedTimeout != request.Timeout)
        {
            return false;
        }

        return request.Flags switch
        {
            TransferFlags.VoidPending => (request.Amount == 0 || request.Amount == stored.Amount) && AccountsMatch(stored, request),
            TransferFlags.PostPending => request.Amount == stored.Amount && AccountsMatch(stored, request),
            _ => request.Amount == stored.Amount && request.DebitAccountId == stored.DebitAccountId && request.CreditAccountId == stored.CreditAccountId,
        };
    }

    private static bool AccountsMatch(Transfer stored, TransferRequest request) =>
        (request.DebitAccountId == 0 || request.DebitAccountId == stored.DebitAccountId)
        && (request.CreditAccountId == 0 || request.CreditAccountId == stored.CreditAccountId);

    /// <summary>What a valid request would do to its two accounts.</summary>
    private readonly record struct Movement(Account Debit, AccountBalance DebitBalance, Account Credit, AccountBalance CreditBalance, long Amount);

    /// <summary>
    /// A batch in progress. Each request sees the counters, transfers and resolutions of the ones before it, but
    /// nothing reaches the snapshot until <see cref="Commit"/>.
    /// </summary>
    private sealed class Batch(LedgerSnapshot snapshot, DateTime nowUtc)
    {
        private readonly Dictionary<long, AccountBalance> _balances = [];
        private readonly Dictionary<Guid, Transfer> _createdById = [];
        private readonly HashSet<Guid> _ids = [];
        private readonly HashSet<Guid> _resolved = [];
        private readonly List<Transfer> _created = [];
        private long _sequence = snapshot.Head.LastSequence;
        private string _previousHash = snapshot.Head.LastHash;

        /// <summary>Decides one request (its id, its shape, what it does to the accounts, their limits) and appends it if it passes.</summary>
        public TransferResult Add(TransferRequest request)
        {
            if (!_ids.Add(request.Id))
            {
                return TransferResult.DuplicateIdInBatch;
            }

            if (snapshot.StoredTransfers.TryGetValue(request.Id, out var stored))
            {
                return SameFields(stored, request) ? TransferResult.Exists : TransferResult.ExistsWithDifferentFields;
            }

            var result = CheckShape(request);
            if (result != TransferResult.Ok)
            {
                return result;
            }

            result = request.Flags is TransferFlags.PostPending or TransferFlags.VoidPending
                ? Resolve(request, out var movement)
                : Move(request, out movement);
            if (result != TransferResult.Ok)
            {
                return result;
            }

            result = CheckBalanceConstraints(movement);
            if (result != TransferResult.Ok)
            {
                return result;
            }

            Append(request, movement);
            return TransferResult.Ok;
        }

        /// <summary>Writes the batch's counters to the accounts and moves the head to its last transfer.</summary>
        public LedgerOutcome Commit(TransferResult[] results)
        {
            foreach (var (accountId, balance) in _balances)
            {
                snapshot.Accounts[accountId].Apply(balance);
            }

            if (_created.Count > 0)
            {
                snapshot.Head.Advance(_created[^1]);
            }

            return new LedgerOutcome(results, _created);
        }

        /// <summary>A single-phase or pending transfer between the two accounts the request names.</summary>
        private TransferResult Move(TransferRequest request, out Movement movement)
        {
            movement = default;
            if (request.PendingId is not null)
            {
                return TransferResult.FlagsAreInvalid;
            }

            if (request.Amount <= 0)
            {
                return TransferResult.AmountMustBePositive;
            }

            if (request.DebitAccountId == request.CreditAccountId)
            {
                return TransferResult.AccountsMustDiffer;
            }

            if (!snapshot.Accounts.TryGetValue(request.DebitAccountId, out var debit))
            {
                return TransferResult.DebitAccountNotFound;
            }

            if (!snapshot.Accounts.TryGetValue(request.CreditAccountId, out var credit))
            {
                return TransferResult.CreditAccountNotFound;
            }

            if (debit.Asset != credit.Asset)
            {
                return TransferResult.AccountsOnDifferentLedgers;
            }

            var d = BalanceOf(debit);
            var c = BalanceOf(credit);
            try
            {
                if (request.Flags == TransferFlags.Pending)
                {
                    d = d with { DebitsPending = checked(d.DebitsPending + request.Amount) };
                    c = c with { CreditsPending = checked(c.CreditsPending + request.Amount) };
                }
                else
                {
                    d = d with { DebitsPosted = checked(d.DebitsPosted + request.Amount) };
                    c = c with { CreditsPosted = checked(c.CreditsPosted + request.Amount) };
                }
            }
            catch (OverflowException)
            {
                return TransferResult.Overflow;
            }

            movement = new Movement(debit, d, credit, c, request.Amount);
            return TransferResult.Ok;
        }

        /// <summary>A post or a void: releases the pending transfer's hold and, for a post, moves what is posted.</summary>
        private TransferResult Resolve(TransferRequest request, out Movement movement)
        {
            movement = default;
            var result = FindOpenPending(request, out var pending);
            if (result != TransferResult.Ok)
            {
                return result;
            }

            var posting = request.Flags == TransferFlags.PostPending;
            result = posting ? CheckPost(request, pending) : CheckVoid(request, pending);
            if (result != TransferResult.Ok)
            {
                return result;
            }

            var amount = posting ? request.Amount : pending.Amount;
            var debit = snapshot.Accounts[pending.DebitAccountId];
            var credit = snapshot.Accounts[pending.CreditAccountId];
            var d = BalanceOf(debit);
            var c = BalanceOf(credit);
            try
            {
                d = d with { DebitsPending = checked(d.DebitsPending - pending.Amount) };
                c = c with { CreditsPending = checked(c.CreditsPending - pending.Amount) };
                if (posting)
                {
                    d = d with { DebitsPosted = checked(d.DebitsPosted + amount) };
                    c = c with { CreditsPosted = checked(c.CreditsPosted + amount) };
                }
            }
            catch (OverflowException)
            {
                return TransferResult.Overflow;
            }

            movement = new Movement(debit, d, credit, c, amount);
            return TransferResult.Ok;
        }

        /// <summary>The pending transfer a post or void names: stored or earlier in this batch, and not resolved yet.</summary>
        private TransferResult FindOpenPending(TransferRequest request, out Transfer pending)
        {
            pending = null!;
            if (request.PendingId is not { } pendingId)
            {
                return TransferResult.PendingIdRequired;
            }

            if (!_createdById.TryGetValue(pendingId, out var found) && !snapshot.StoredTransfers.TryGetValue(pendingId, out found))
            {
                return TransferResult.PendingTransferNotFound;
            }

            if (!found.IsPending)
            {
                return TransferResult.PendingTransferNotFound;
            }

            if (snapshot.ResolvedPendingIds.Contains(pendingId) || _resolved.Contains(pendingId))
            {
                return TransferResult.PendingTransferAlreadyResolved;
            }

            if ((request.DebitAccountId != 0 && request.DebitAccountId != found.DebitAccountId)
                || (request.CreditAccountId != 0 && request.CreditAccountId != found.CreditAccountId))
            {
                return TransferResult.AccountsDifferFromPending;
            }

            pending = found;
            return TransferResult.Ok;
        }

        private TransferResult CheckPost(TransferRequest request, Transfer pending)
        {
            if (pending.ExpiresAtUtc is { } expires && nowUtc >= expires)
            {
                return TransferResult.PendingTransferExpired;
            }

            if (request.Amount <= 0)
            {
                return TransferResult.AmountMustBePositive;
            }

            return request.Amount > pending.Amount ? TransferResult.ExceedsPendingAmount : TransferResult.Ok;
        }

        private static TransferResult CheckVoid(TransferRequest request, Transfer pending) =>
            request.Amount != 0 && request.Amount != pending.Amount ? TransferResult.ExceedsPendingAmount : TransferResult.Ok;

        /// <summary>Keeps the movement's counters for the rest of the batch and chains the new transfer to the one before it.</summary>
        private void Append(TransferRequest request, Movement movement)
        {
            _balances[movement.Debit.Id] = movement.DebitBalance;
            _balances[movement.Credit.Id] = movement.CreditBalance;
            var transfer = new Transfer(
                ++_sequence,
                request.Id,
                movement.Debit.Id,
                movement.Credit.Id,
                movement.Amount,
                movement.Debit.Asset,
                request.Code,
                request.Flags,
                request.PendingId,
                request.Timeout is { } timeout ? nowUtc + timeout : null,
                request.Reference,
                nowUtc,
                _previousHash);
            _previousHash = transfer.Hash;
            _created.Add(transfer);
            _createdById[transfer.Id] = transfer;
            if (request.PendingId is { } resolved)
            {
                _resolved.Add(resolved);
            }
        }

        private AccountBalance BalanceOf(Account account) => _balances.TryGetValue(account.Id, out var balance) ? balance : account.Balance;
    }
}
