using System.Text;
using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Domain.Tests.Ledger;

/// <summary>
/// A deliberately plain model of the ledger's rules for the randomized tests, written without looking at how
/// LedgerRules is structured: copy the whole state, play the batch on the copy, keep the copy only if every
/// request was fine. For a refused request it lists every reason that applies, so the engine may report any of
/// them (the order in which it checks is its own business) but nothing else.
/// </summary>
internal sealed class ReferenceLedger
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Dictionary<long, Counters> _accounts = [];
    private readonly Dictionary<Guid, Entry> _transfers = [];
    private readonly HashSet<Guid> _resolved = [];
    private readonly List<Entry> _chain = [];

    public IReadOnlyDictionary<long, Counters> Accounts => _accounts;

    public IReadOnlyDictionary<Guid, Entry> Transfers => _transfers;

    public IReadOnlyList<Entry> Chain => _chain;

    public bool IsResolved(Guid pendingId) => _resolved.Contains(pendingId);

    public void Open(long id, Asset asset, AccountFlags flags) => _accounts.Add(id, new Counters(asset, flags, 0, 0, 0, 0));

    /// <summary>Decides a batch and, if it applies, keeps its effects.</summary>
    public Decision Decide(IReadOnlyList<TransferRequest> batch, DateTime now)
    {
        var accounts = new Dictionary<long, Counters>(_accounts);
        var created = new List<Entry>();
        var resolvedHere = new HashSet<Guid>();
        var idsHere = new HashSet<Guid>();
        var verdicts = new List<Verdict>();

        foreach (var request in batch)
        {
            if (!idsHere.Add(request.Id))
            {
                verdicts.Add(Verdict.Refused(TransferResult.DuplicateIdInBatch));
                continue;
            }

            if (_transfers.TryGetValue(request.Id, out var stored))
            {
                verdicts.Add(Describes(stored, request) ? Verdict.Exists : Verdict.Refused(TransferResult.ExistsWithDifferentFields));
                continue;
            }

            var reasons = new HashSet<TransferResult>();
            if (request.Reference.Length > 100)
            {
                reasons.Add(TransferResult.ReferenceTooLong);
            }

            if (!HasExactUtf8(request.Reference))
            {
                reasons.Add(TransferResult.ReferenceIsNotValidText);
            }

            if (request.Timeout < TimeSpan.Zero)
            {
                reasons.Add(TransferResult.TimeoutMustNotBeNegative);
            }

            if (request.Timeout > TimeSpan.Zero && request.Flags != TransferFlags.Pending)
            {
                reasons.Add(TransferResult.TimeoutRequiresPending);
            }

            Entry? entry = request.Flags switch
            {
                TransferFlags.None or TransferFlags.Pending => Move(request, reasons),
                TransferFlags.PostPending or TransferFlags.VoidPending => Resolve(request, reasons),
                _ => Refuse(reasons, TransferResult.FlagsAreInvalid),
            };

            if (reasons.Count > 0 || entry is null)
            {
                verdicts.Add(new Verdict(VerdictKind.Refused, reasons));
                continue;
            }

            verdicts.Add(Verdict.Ok);
            created.Add(entry);
            if (entry.PendingId is { } pendingId)
            {
                resolvedHere.Add(pendingId);
            }
        }

        var applies = verdicts.All(v => v.Kind is VerdictKind.Ok or VerdictKind.Exists);
        if (applies)
        {
            _accounts = accounts;
            foreach (var entry in created)
            {
                _transfers.Add(entry.Id, entry);
                _chain.Add(entry);
            }

            _resolved.UnionWith(resolvedHere);
        }

        return new Decision(applies, verdicts, applies ? created : []);

        Entry? Move(TransferRequest request, HashSet<TransferResult> reasons)
        {
            if (request.PendingId is not null)
            {
                reasons.Add(TransferResult.FlagsAreInvalid);
            }

            if (request.Amount <= 0)
            {
                reasons.Add(TransferResult.AmountMustBePositive);
            }

            if (request.DebitAccountId == request.CreditAccountId)
            {
                reasons.Add(TransferResult.AccountsMustDiffer);
            }

            var hasDebit = accounts.TryGetValue(request.DebitAccountId, out var debit);
            var hasCredit = accounts.TryGetValue(request.CreditAccountId, out var credit);
            if (!hasDebit)
            {
                reasons.Add(TransferResult.DebitAccountNotFound);
            }

            if (!hasCredit)
            {
                reasons.Add(TransferResult.CreditAccountNotFound);
            }

            if (hasDebit && hasCredit && debit!.Asset != credit!.Asset)
            {
                reasons.Add(TransferResult.AccountsOnDifferentLedgers);
            }

            if (reasons.Count > 0)
            {
                return null;
            }

            var pending = request.Flags == TransferFlags.Pending;
            Counters newDebit, newCredit;
            try
            {
                newDebit = pending
                    ? debit! with { DebitsPending = checked(debit.DebitsPending + request.Amount) }
                    : debit! with { DebitsPosted = checked(debit.DebitsPosted + request.Amount) };
                newCredit = pending
                    ? credit! with { CreditsPending = checked(credit.CreditsPending + request.Amount) }
                    : credit! with { CreditsPosted = checked(credit.CreditsPosted + request.Amount) };
                CheckLimits(newDebit, newCredit, reasons);
            }
            catch (OverflowException)
            {
                reasons.Add(TransferResult.Overflow);
                return null;
            }

            if (reasons.Count > 0)
            {
                return null;
            }

            accounts[request.DebitAccountId] = newDebit;
            accounts[request.CreditAccountId] = newCredit;
            return new Entry(
                request.Id, request.DebitAccountId, request.CreditAccountId, request.Amount, debit.Asset, request.Code, request.Flags,
                null, TimeoutOf(request) is { } t ? now + t : null, TimeoutOf(request), request.Reference);
        }

        Entry? Resolve(TransferRequest request, HashSet<TransferResult> reasons)
        {
            if (request.PendingId is not { } pendingId)
            {
                return Refuse(reasons, TransferResult.PendingIdRequired);
            }

            var pending = created.FirstOrDefault(e => e.Id == pendingId) ?? _transfers.GetValueOrDefault(pendingId);
            if (pending is null || pending.Flags != TransferFlags.Pending)
            {
                return Refuse(reasons, TransferResult.PendingTransferNotFound);
            }

            if (_resolved.Contains(pendingId) || resolvedHere.Contains(pendingId))
            {
                reasons.Add(TransferResult.PendingTransferAlreadyResolved);
            }

            if ((request.DebitAccountId != 0 && request.DebitAccountId != pending.Debit)
                || (request.CreditAccountId != 0 && request.CreditAccountId != pending.Credit))
            {
                reasons.Add(TransferResult.AccountsDifferFromPending);
            }

            var post = request.Flags == TransferFlags.PostPending;
            if (post)
            {
                if (pending.ExpiresAtUtc is { } expires && now >= expires)
                {
                    reasons.Add(TransferResult.PendingTransferExpired);
                }

                if (request.Amount <= 0)
                {
                    reasons.Add(TransferResult.AmountMustBePositive);
                }

                if (request.Amount > pending.Amount)
                {
                    reasons.Add(TransferResult.ExceedsPendingAmount);
                }
            }
            else if (request.Amount != 0 && request.Amount != pending.Amount)
            {
                reasons.Add(TransferResult.ExceedsPendingAmount);
            }

            if (reasons.Count > 0)
            {
                return null;
            }

            var amount = post ? request.Amount : pending.Amount;
            var debit = accounts[pending.Debit];
            var credit = accounts[pending.Credit];
            var newDebit = debit with
            {
                DebitsPending = debit.DebitsPending - pending.Amount,
                DebitsPosted = post ? checked(debit.DebitsPosted + amount) : debit.DebitsPosted,
            };
            var newCredit = credit with
            {
                CreditsPending = credit.CreditsPending - pending.Amount,
                CreditsPosted = post ? checked(credit.CreditsPosted + amount) : credit.CreditsPosted,
            };
            CheckLimits(newDebit, newCredit, reasons);
            if (reasons.Count > 0)
            {
                return null;
            }

            accounts[pending.Debit] = newDebit;
            accounts[pending.Credit] = newCredit;
            return new Entry(request.Id, pending.Debit, pending.Credit, amount, pending.Asset, request.Code, request.Flags, pendingId, null, null, request.Reference);
        }
    }

    private static Entry? Refuse(HashSet<TransferResult> reasons, TransferResult reason)
    {
        reasons.Add(reason);
        return null;
    }

    private static void CheckLimits(Counters debit, Counters credit, HashSet<TransferResult> reasons)
    {
        if (!debit.WithinLimits)
        {
            reasons.Add(TransferResult.ExceedsCredits);
        }

        if (!credit.WithinLimits)
        {
            reasons.Add(TransferResult.ExceedsDebits);
        }
    }

    /// <summary>A zero timeout is no timeout.</summary>
    private static TimeSpan? TimeoutOf(TransferRequest request) => request.Timeout == TimeSpan.Zero ? null : request.Timeout;

    private static bool HasExactUtf8(string text)
    {
        try
        {
            StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Whether a retried request is the very transfer stored under its id (see TransferRequest's notes on posts and voids).</summary>
    private static bool Describes(Entry stored, TransferRequest request) =>
        stored.Flags == request.Flags
        && stored.Code == request.Code
        && stored.Reference == request.Reference
        && stored.PendingId == request.PendingId
        && stored.Flags switch
        {
            TransferFlags.PostPending => request.Amount == stored.Amount,
            TransferFlags.VoidPending => request.Amount == 0 || request.Amount == stored.Amount,
            _ => request.Amount == stored.Amount
                && request.DebitAccountId == stored.Debit
                && request.CreditAccountId == stored.Credit
                && TimeoutOf(request) == stored.Timeout,
        };

    public sealed record Counters(Asset Asset, AccountFlags Flags, long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)
    {
        public bool WithinLimits =>
            (!Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits) || checked(DebitsPending + DebitsPosted) <= CreditsPosted)
            && (!Flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits) || checked(CreditsPending + CreditsPosted) <= DebitsPosted);
    }

    public sealed record Entry(
        Guid Id,
        long Debit,
        long Credit,
        long Amount,
        Asset Asset,
        TransferCode Code,
        TransferFlags Flags,
        Guid? PendingId,
        DateTime? ExpiresAtUtc,
        TimeSpan? Timeout,
        string Reference);

    public enum VerdictKind
    {
        Ok,
        Exists,
        Refused,
    }

    public sealed record Verdict(VerdictKind Kind, IReadOnlySet<TransferResult> Reasons)
    {
        public static Verdict Ok { get; } = new(VerdictKind.Ok, new HashSet<TransferResult>());

        public static Verdict Exists { get; } = new(VerdictKind.Exists, new HashSet<TransferResult>());

        public static Verdict Refused(TransferResult reason) => new(VerdictKind.Refused, new HashSet<TransferResult> { reason });

        public override string ToString() => Kind == VerdictKind.Refused ? $"Refused({string.Join("|", Reasons)})" : Kind.ToString();
    }

    public sealed record Decision(bool Applies, IReadOnlyList<Verdict> Verdicts, IReadOnlyList<Entry> Created);
}
