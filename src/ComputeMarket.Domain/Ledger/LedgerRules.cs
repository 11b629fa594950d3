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

    public static LedgerOutcome Apply(IReadOnlyList<TransferRequest> requests, LedgerSnapshot snapshot, DateTime nowUtc)
    {
        var working = new Dictionary<long, AccountBalance>();
        var createdById = new Dictionary<Guid, Transfer>();
        var seen = new HashSet<Guid>();
        var resolvedInBatch = new HashSet<Guid>();
        var results = new TransferResult[requests.Count];
        var created = new List<Transfer>();
        var sequence = snapshot.Head.LastSequence;
        var previousHash = snapshot.Head.LastHash;

        AccountBalance BalanceOf(Account account) => working.TryGetValue(account.Id, out var balance) ? balance : account.Balance;

        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (!seen.Add(request.Id))
            {
                results[i] = TransferResult.DuplicateIdInBatch;
                continue;
            }

            if (snapshot.StoredTransfers.TryGetValue(request.Id, out var existing))
            {
                results[i] = SameFields(existing, request) ? TransferResult.Exists : TransferResult.ExistsWithDifferentFields;
                continue;
            }

            var outcome = Evaluate(request);
            results[i] = outcome.Result;
            if (outcome.Result != TransferResult.Ok)
            {
                continue;
            }

            working[outcome.Debit!.Id] = outcome.DebitBalance;
            working[outcome.Credit!.Id] = outcome.CreditBalance;
            var transfer = new Transfer(
                ++sequence,
                request.Id,
                outcome.Debit.Id,
                outcome.Credit.Id,
                outcome.Amount,
                outcome.Debit.Asset,
                request.Code,
                request.Flags,
                request.PendingId,
                request.Timeout is { } timeout ? nowUtc + timeout : null,
                request.Reference,
                nowUtc,
                previousHash);
            previousHash = transfer.Hash;
            created.Add(transfer);
            createdById[transfer.Id] = transfer;
            if (request.PendingId is { } resolved)
            {
                resolvedInBatch.Add(resolved);
            }
        }

        if (results.Any(r => r is not (TransferResult.Ok or TransferResult.Exists)))
        {
            var linked = results.Select(r => r == TransferResult.Ok ? TransferResult.LinkedTransferFailed : r).ToArray();
            return new LedgerOutcome(linked, []);
        }

        foreach (var (accountId, balance) in working)
        {
            snapshot.Accounts[accountId].Apply(balance);
        }

        if (created.Count > 0)
        {
            snapshot.Head.Advance(created[^1]);
        }

        return new LedgerOutcome(results, created);

        Evaluation Evaluate(TransferRequest request)
        {
            if (request.Reference.Length > Transfer.ReferenceMaxLength)
            {
                return Evaluation.Fail(TransferResult.ReferenceTooLong);
            }

            if (request.Flags is not (TransferFlags.None or TransferFlags.Pending or TransferFlags.PostPending or TransferFlags.VoidPending))
            {
                return Evaluation.Fail(TransferResult.FlagsAreInvalid);
            }

            if (request.Timeout is { } timeout && (request.Flags != TransferFlags.Pending || timeout <= TimeSpan.Zero))
            {
                return Evaluation.Fail(TransferResult.TimeoutRequiresPending);
            }

            if (request.Timeout > MaxTimeout)
            {
                return Evaluation.Fail(TransferResult.TimeoutTooLong);
            }

            return request.Flags is TransferFlags.PostPending or TransferFlags.VoidPending ? Resolve(request) : Move(request);
        }

        Evaluation Move(TransferRequest request)
        {
            if (request.PendingId is not null)
            {
                return Evaluation.Fail(TransferResult.FlagsAreInvalid);
            }

            if (request.Amount <= 0)
            {
                return Evaluation.Fail(TransferResult.AmountMustBePositive);
            }

            if (request.DebitAccountId == request.CreditAccountId)
            {
                return Evaluation.Fail(TransferResult.AccountsMustDiffer);
            }

            if (!snapshot.Accounts.TryGetValue(request.DebitAccountId, out var debit))
            {
                return Evaluation.Fail(TransferResult.DebitAccountNotFound);
            }

            if (!snapshot.Accounts.TryGetValue(request.CreditAccountId, out var credit))
            {
                return Evaluation.Fail(TransferResult.CreditAccountNotFound);
            }

            if (debit.Asset != credit.Asset)
            {
                return Evaluation.Fail(TransferResult.AccountsOnDifferentLedgers);
            }

            var pending = request.Flags == TransferFlags.Pending;
            try
            {
                var d = BalanceOf(debit);
                var c = BalanceOf(credit);
                d = pending ? d with { DebitsPending = checked(d.DebitsPending + request.Amount) } : d with { DebitsPosted = checked(d.DebitsPosted + request.Amount) };
                c = pending ? c with { CreditsPending = checked(c.CreditsPending + request.Amount) } : c with { CreditsPosted = checked(c.CreditsPosted + request.Amount) };
                return Evaluation.Check(debit, d, credit, c, request.Amount);
            }
            catch (OverflowException)
            {
                return Evaluation.Fail(TransferResult.Overflow);
            }
        }

        Evaluation Resolve(TransferRequest request)
        {
            if (request.PendingId is not { } pendingId)
            {
                return Evaluation.Fail(TransferResult.PendingIdRequired);
            }

            if (!createdById.TryGetValue(pendingId, out var pending) && !snapshot.StoredTransfers.TryGetValue(pendingId, out pending))
            {
                return Evaluation.Fail(TransferResult.PendingTransferNotFound);
            }

            if (!pending.IsPending)
            {
                return Evaluation.Fail(TransferResult.PendingTransferNotFound);
            }

            if (snapshot.ResolvedPendingIds.Contains(pendingId) || resolvedInBatch.Contains(pendingId))
            {
                return Evaluation.Fail(TransferResult.PendingTransferAlreadyResolved);
            }

            if ((request.DebitAccountId != 0 && request.DebitAccountId != pending.DebitAccountId)
                || (request.CreditAccountId != 0 && request.CreditAccountId != pending.CreditAccountId))
            {
                return Evaluation.Fail(TransferResult.AccountsDifferFromPending);
            }

            var posting = request.Flags == TransferFlags.PostPending;
            long amount;
            if (posting)
            {
                if (pending.ExpiresAtUtc is { } expires && nowUtc >= expires)
                {
                    return Evaluation.Fail(TransferResult.PendingTransferExpired);
                }

                if (request.Amount <= 0)
                {
                    return Evaluation.Fail(TransferResult.AmountMustBePositive);
                }

                if (request.Amount > pending.Amount)
                {
                    return Evaluation.Fail(TransferResult.ExceedsPendingAmount);
                }

                amount = request.Amount;
            }
            else
            {
                if (request.Amount != 0 && request.Amount != pending.Amount)
                {
                    return Evaluation.Fail(TransferResult.ExceedsPendingAmount);
                }

                amount = pending.Amount;
            }

            var debit = snapshot.Accounts[pending.DebitAccountId];
            var credit = snapshot.Accounts[pending.CreditAccountId];
            try
            {
                var d = BalanceOf(debit);
                var c = BalanceOf(credit);
                d = d with { DebitsPending = checked(d.DebitsPending - pending.Amount) };
                c = c with { CreditsPending = checked(c.CreditsPending - pending.Amount) };
                if (posting)
                {
                    d = d with { DebitsPosted = checked(d.DebitsPosted + amount) };
                    c = c with { CreditsPosted = checked(c.CreditsPosted + amount) };
                }

                return Evaluation.Check(debit, d, credit, c, amount);
            }
            catch (OverflowException)
            {
                return Evaluation.Fail(TransferResult.Overflow);
            }
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

    private readonly record struct Evaluation(TransferResult Result, Account? Debit, AccountBalance DebitBalance, Account? Credit, AccountBalance CreditBalance, long Amount)
    {
        public static Evaluation Fail(TransferResult result) => new(result, null, default, null, default, 0);

        public static Evaluation Check(Account debit, AccountBalance debitBalance, Account credit, AccountBalance creditBalance, long amount) =>
            !debitBalance.Satisfies(debit.Flags) ? Fail(TransferResult.ExceedsCredits)
            : !creditBalance.Satisfies(credit.Flags) ? Fail(TransferResult.ExceedsDebits)
            : new(TransferResult.Ok, debit, debitBalance, credit, creditBalance, amount);
    }
}
