using System.Globalization;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Ledger;

/// <summary>The result of walking the hash chain: how far it verified and, if broken, the first bad link.</summary>
public sealed record ChainVerification(bool Intact, long TransfersChecked, long? FirstBrokenSequence, string? Problem, string LastHash);

/// <summary>One broken invariant of product.md §4, in words an auditor can act on.</summary>
public sealed record InvariantViolation(string Invariant, string Detail);

/// <summary>Σ of each counter over one ledger's accounts, in 128 bits; debits must equal credits, posted and pending apart.</summary>
public sealed record LedgerTotals(Asset Asset, Int128 DebitsPending, Int128 DebitsPosted, Int128 CreditsPending, Int128 CreditsPosted)
{
    public Int128 PostedDifference => DebitsPosted - CreditsPosted;

    public Int128 PendingDifference => DebitsPending - CreditsPending;

    public bool Balanced => PostedDifference == 0 && PendingDifference == 0;
}

/// <summary>
/// What one verification found, all read from one snapshot of the database. <see cref="FromSequence"/> is where it
/// started: 0 for the first transfer, or the signed checkpoint it trusted.
/// </summary>
public sealed record LedgerVerification(
    VerificationMode Mode,
    long FromSequence,
    long ToSequence,
    ChainVerification Chain,
    IReadOnlyList<InvariantViolation> Violations,
    IReadOnlyList<LedgerTotals> Totals,
    DateTime? AnchorSealedAtUtc)
{
    public bool Intact => Violations.Count == 0;

    public static class Invariants
    {
        public const string Chain = "The hash chain verifies";
        public const string Head = "The ledger head exists";
        public const string Balanced = "Debits equal credits";
        public const string Fold = "Counters equal the fold of transfers";
        public const string Constraints = "Balance constraints hold";
        public const string Sources = "Value enters only through External and BankPool";
        public const string Definitions = "Accounts are what they were opened as";
        public const string Checkpoints = "Checkpoints are signed and match the chain";
        public const string StoredForms = "Transfers are stored in the form their hash covers";
    }
}

/// <summary>
/// Proves the ledger: the hash chain, the invariants that must hold at every commit (product.md §4), the signed
/// checkpoints and the stored forms. Everything is read in one snapshot (<see cref="IUnitOfWork.ReadSnapshotAsync"/>),
/// so transfers committed meanwhile are simply not seen — never half-seen as a broken chain or unequal counters.
/// An incremental verification starts from the latest signed checkpoint and reads only what was appended since (plus
/// every account once); a full one walks every transfer from the first, once, checking each checkpoint on the way.
/// Corrupt or overflowing values are reported, never thrown.
/// </summary>
public sealed class LedgerVerifier(IAppDbContext db, IUnitOfWork unitOfWork, LedgerSeal seal, ILedgerStorageCheck storage)
{
    private const int PageSize = 5_000;
    private const int ReportedStoredForms = 10;

    public Task<LedgerVerification> VerifyAsync(VerificationMode mode, CancellationToken cancellationToken = default) =>
        unitOfWork.ReadSnapshotAsync(async ct => (await new Walk(db, seal, storage, mode).RunAsync(ct)).Verification, cancellationToken);

    /// <summary>Verifies incrementally and, in the same snapshot, returns the accounts as they stand at its head.</summary>
    internal Task<(LedgerVerification Verification, IReadOnlyList<Account> Accounts)> VerifyWithAccountsAsync(CancellationToken cancellationToken) =>
        unitOfWork.ReadSnapshotAsync(ct => new Walk(db, seal, storage, VerificationMode.Incremental).RunAsync(ct), cancellationToken);

    /// <summary>One verification: the state it accumulates while it reads.</summary>
    private sealed class Walk(IAppDbContext db, LedgerSeal seal, ILedgerStorageCheck storage, VerificationMode mode)
    {
        private readonly List<InvariantViolation> _violations = [];
        private readonly Dictionary<long, Counters> _folded = [];
        private readonly Dictionary<Guid, OpenHold> _open = [];
        private readonly HashSet<Guid> _resolvedBeforeAnchor = [];
        private Dictionary<long, Account> _accounts = [];
        private Dictionary<long, LedgerCheckpoint> _checkpoints = [];
        private IReadOnlyList<CheckpointAccount> _sealedRows = [];
        private long _sealedRowsAt;
        private string? _chainProblem;
        private long? _firstBroken;
        private long _checked;

        public async Task<(LedgerVerification Verification, IReadOnlyList<Account> Accounts)> RunAsync(CancellationToken cancellationToken)
        {
            var head = await db.LedgerHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == LedgerHead.SingletonId, cancellationToken);
            if (head is null)
            {
                Report(LedgerVerification.Invariants.Head, "The ledger head row (LedgerHeads, Id 1) is missing: the chain's end cannot be known.");
                return (Finish(0, 0, Transfer.GenesisHash, [], null), []);
            }

            _accounts = await db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id, cancellationToken);
            var anchor = await AnchorAsync(head, cancellationToken);
            if (anchor is { Trusted: false })
            {
                // The checkpoint to start from failed its checks: nothing after it can be verified on its word.
                Report(LedgerVerification.Invariants.Chain, $"Verification from checkpoint #{anchor.Checkpoint.Sequence} stopped: run a full verification from the first transfer.");
                return (Finish(anchor.Checkpoint.Sequence, head.LastSequence, anchor.Checkpoint.Hash, Totals(), anchor.Checkpoint.CreatedAtUtc), _accounts.Values.ToList());
            }

            var fromSequence = anchor?.Checkpoint.Sequence ?? 0;
            var lastHash = await WalkChainAsync(head, fromSequence, anchor?.Checkpoint.Hash ?? Transfer.GenesisHash, cancellationToken);
            await CheckOutsideTheChainAsync(head, cancellationToken);
            CheckAccounts();
            await CheckStoredFormsAsync(fromSequence, cancellationToken);
            return (Finish(fromSequence, head.LastSequence, lastHash, Totals(), anchor?.Checkpoint.CreatedAtUtc), _accounts.Values.ToList());
        }

        /// <summary>
        /// The checkpoint to start from (incremental), or every checkpoint to meet on the way (full). Either way the
        /// account rows of the latest checkpoint that still has them are what account definitions are checked against.
        /// </summary>
        private async Task<Anchor?> AnchorAsync(LedgerHead head, CancellationToken cancellationToken)
        {
            foreach (var account in _accounts.Values)
            {
                _folded[account.Id] = default;
            }

            var checkpoints = db.LedgerCheckpoints.AsNoTracking().Where(c => c.Sequence <= head.LastSequence);
            if (mode == VerificationMode.Full)
            {
                _checkpoints = await checkpoints.ToDictionaryAsync(c => c.Sequence, cancellationToken);
                foreach (var checkpoint in _checkpoints.Values.OrderBy(c => c.Sequence))
                {
                    CheckSignature(checkpoint);
                }

                var withRows = await db.CheckpointAccounts.AsNoTracking().Where(a => a.CheckpointSequence <= head.LastSequence).MaxAsync(a => (long?)a.CheckpointSequence, cancellationToken);
                if (withRows is { } sequence && _checkpoints.TryGetValue(sequence, out var latestWithRows)
                    && await SealedRowsAsync(latestWithRows, cancellationToken) is { } sealedRows)
                {
                    _sealedRows = sealedRows;
                    _sealedRowsAt = sequence;
                }

                return null;
            }

            var latest = await checkpoints.OrderByDescending(c => c.Sequence).FirstOrDefaultAsync(cancellationToken);
            if (latest is null)
            {
                return null;
            }

            var trusted = CheckSignature(latest);
            var rows = await SealedRowsAsync(latest, cancellationToken);
            trusted &= rows is not null;
            var sealedHash = await db.Transfers.AsNoTracking().Where(t => t.Sequence == latest.Sequence).Select(t => t.Hash).SingleOrDefaultAsync(cancellationToken);
            if (sealedHash != latest.Hash)
            {
                Report(LedgerVerification.Invariants.Checkpoints, $"Transfer #{latest.Sequence} no longer has the hash checkpoint #{latest.Sequence} sealed: the history up to it was rewritten.");
                trusted = false;
            }

            _sealedRows = rows ?? [];
            foreach (var row in _sealedRows)
            {
                _folded[row.AccountId] = Counters.From(row.Balance);
            }

            return new Anchor(latest, trusted);
        }

        /// <summary>A checkpoint's account rows, or null (reported) when they are not the ones it sealed.</summary>
        private async Task<IReadOnlyList<CheckpointAccount>?> SealedRowsAsync(LedgerCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            var rows = await db.CheckpointAccounts.AsNoTracking().Where(a => a.CheckpointSequence == checkpoint.Sequence).ToListAsync(cancellationToken);
            if (rows.Count == checkpoint.AccountCount && LedgerCheckpoint.Digest(rows) == checkpoint.AccountsDigest)
            {
                return rows;
            }

            Report(LedgerVerification.Invariants.Checkpoints, $"Checkpoint #{checkpoint.Sequence}'s account rows are not the ones it sealed ({rows.Count} stored, {checkpoint.AccountCount} sealed).");
            return null;
        }

        private bool CheckSignature(LedgerCheckpoint checkpoint)
        {
            if (seal.WhySignatureFails(checkpoint) is { } problem)
            {
                Report(LedgerVerification.Invariants.Checkpoints, problem);
                return false;
            }

            return true;
        }

        /// <summary>Walks the transfers after <paramref name="fromSequence"/> in order, checking each link and folding its effect.</summary>
        private async Task<string> WalkChainAsync(LedgerHead head, long fromSequence, string fromHash, CancellationToken cancellationToken)
        {
            var expected = fromSequence + 1;
            var previousHash = fromHash;
            var after = fromSequence;
            while (true)
            {
                var page = await db.Transfers.AsNoTracking()
                    .Where(t => t.Sequence > after)
                    .OrderBy(t => t.Sequence)
                    .Take(PageSize)
                    .ToListAsync(cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                await LoadHoldsFromBeforeAsync(page, fromSequence, cancellationToken);
                foreach (var transfer in page)
                {
                    if (transfer.Sequence > head.LastSequence)
                    {
                        Broken(transfer.Sequence, $"Transfer #{transfer.Sequence} was added behind the ledger's back: the ledger head ends at #{head.LastSequence}.");
                    }
                    else if (transfer.Sequence != expected)
                    {
                        Broken(expected, $"Transfer #{expected} is missing: the chain jumps to #{transfer.Sequence}.");
                    }
                    else if (transfer.PreviousHash != previousHash)
                    {
                        Broken(expected, $"Transfer #{expected} does not point to the hash of the transfer before it.");
                    }
                    else if (transfer.ComputeHash() != transfer.Hash)
                    {
                        Broken(expected, $"Transfer #{expected} was altered: its fields no longer match its hash.");
                    }
                    else if (_firstBroken is null)
                    {
                        _checked++;
                    }

                    Fold(transfer);
                    if (_checkpoints.TryGetValue(transfer.Sequence, out var checkpoint) && checkpoint.Hash != transfer.Hash)
                    {
                        Report(LedgerVerification.Invariants.Checkpoints, $"Checkpoint #{checkpoint.Sequence} sealed another hash than transfer #{transfer.Sequence} has now: the history up to it was rewritten.");
                    }

                    if (transfer.Sequence == _sealedRowsAt)
                    {
                        CompareWithSealedRows();
                    }

                    previousHash = transfer.Hash;
                    expected = transfer.Sequence + 1;
                    after = transfer.Sequence;
                }
            }

            var last = expected - 1;
            if (_firstBroken is null && (last < head.LastSequence || (last == head.LastSequence && previousHash != head.LastHash)))
            {
                Broken(last + 1, $"The chain ends at #{last} but the ledger head records #{head.LastSequence}: transfers were removed from the end.");
            }

            foreach (var missing in _checkpoints.Keys.Where(sequence => sequence > last))
            {
                Report(LedgerVerification.Invariants.Checkpoints, $"Checkpoint #{missing} seals a transfer the chain no longer has.");
            }

            return previousHash;
        }

        /// <summary>Holds placed before the anchor that transfers after it post or void: their amounts come from their own rows.</summary>
        private async Task LoadHoldsFromBeforeAsync(List<Transfer> page, long anchor, CancellationToken cancellationToken)
        {
            var wanted = page.Where(t => t.PendingId is { } id && !_open.ContainsKey(id)).Select(t => t.PendingId!.Value).Distinct().ToList();
            if (anchor == 0 || wanted.Count == 0)
            {
                return;
            }

            var holds = await db.Transfers.AsNoTracking()
                .Where(t => t.Sequence <= anchor && t.Flags == TransferFlags.Pending && wanted.Contains(t.Id))
                .Select(t => new { t.Id, t.DebitAccountId, t.CreditAccountId, t.Amount })
                .ToListAsync(cancellationToken);
            var resolvedEarlier = await db.Transfers.AsNoTracking()
                .Where(t => t.Sequence <= anchor && t.PendingId != null && wanted.Contains(t.PendingId.Value))
                .Select(t => t.PendingId!.Value)
                .ToListAsync(cancellationToken);
            _resolvedBeforeAnchor.UnionWith(resolvedEarlier);
            foreach (var hold in holds.Where(h => !_resolvedBeforeAnchor.Contains(h.Id)))
            {
                _open[hold.Id] = new OpenHold(hold.DebitAccountId, hold.CreditAccountId, hold.Amount);
            }
        }

        /// <summary>Applies a transfer to the running counters of its two accounts, as the ledger's rules did.</summary>
        private void Fold(Transfer transfer)
        {
            if (!_accounts.TryGetValue(transfer.DebitAccountId, out var debit) || !_accounts.TryGetValue(transfer.CreditAccountId, out var credit))
            {
                Report(LedgerVerification.Invariants.Fold, $"Transfer #{transfer.Sequence} moves value between accounts {transfer.DebitAccountId} and {transfer.CreditAccountId}, and one of them does not exist.");
                return;
            }

            if (debit.Asset != transfer.Asset || credit.Asset != transfer.Asset)
            {
                Report(LedgerVerification.Invariants.Definitions, $"Transfer #{transfer.Sequence} is on the {transfer.Asset} ledger but moves {Describe(debit)} → {Describe(credit)}.");
            }

            var d = _folded.GetValueOrDefault(debit.Id);
            var c = _folded.GetValueOrDefault(credit.Id);
            switch (transfer.Flags)
            {
                case TransferFlags.None:
                    d = d with { DebitsPosted = d.DebitsPosted + transfer.Amount };
                    c = c with { CreditsPosted = c.CreditsPosted + transfer.Amount };
                    break;
                case TransferFlags.Pending:
                    d = d with { DebitsPending = d.DebitsPending + transfer.Amount };
                    c = c with { CreditsPending = c.CreditsPending + transfer.Amount };
                    _open[transfer.Id] = new OpenHold(debit.Id, credit.Id, transfer.Amount);
                    break;
                case TransferFlags.PostPending or TransferFlags.VoidPending:
                    if (transfer.PendingId is not { } pendingId || !_open.Remove(pendingId, out var hold) || hold.Debit != debit.Id || hold.Credit != credit.Id)
                    {
                        Report(LedgerVerification.Invariants.Fold, $"Transfer #{transfer.Sequence} resolves {transfer.PendingId?.ToString() ?? "nothing"}, which is not an open hold between the same accounts.");
                        break;
                    }

                    d = d with { DebitsPending = d.DebitsPending - hold.Amount };
                    c = c with { CreditsPending = c.CreditsPending - hold.Amount };
                    if (transfer.Flags == TransferFlags.PostPending)
                    {
                        d = d with { DebitsPosted = d.DebitsPosted + transfer.Amount };
                        c = c with { CreditsPosted = c.CreditsPosted + transfer.Amount };
                    }

                    break;
                default:
                    Report(LedgerVerification.Invariants.Chain, $"Transfer #{transfer.Sequence} has flags {(int)transfer.Flags}, which no transfer can have.");
                    break;
            }

            _folded[debit.Id] = d;
            _folded[credit.Id] = c;
        }

        /// <summary>In a full walk, at the checkpoint whose account rows are kept: the fold so far must be what it sealed.</summary>
        private void CompareWithSealedRows()
        {
            foreach (var row in _sealedRows)
            {
                var folded = _folded.GetValueOrDefault(row.AccountId);
                if (!folded.Equals(Counters.From(row.Balance)))
                {
                    Report(LedgerVerification.Invariants.Checkpoints, $"Checkpoint #{_sealedRowsAt} sealed account {row.AccountId} with {Counters.From(row.Balance)}, but the transfers up to it add up to {folded}.");
                }
            }
        }

        /// <summary>Rows the walk cannot reach: sequences of 0 or below. (Rows beyond the head are walked and reported.)</summary>
        private async Task CheckOutsideTheChainAsync(LedgerHead head, CancellationToken cancellationToken)
        {
            var outside = await db.Transfers.AsNoTracking().Where(t => t.Sequence <= 0).OrderBy(t => t.Sequence).Select(t => t.Sequence).Take(5).ToListAsync(cancellationToken);
            if (outside.Count > 0)
            {
                Report(LedgerVerification.Invariants.Chain, $"Transfers outside the chain are stored at sequence {string.Join(", ", outside.Select(s => $"#{s}"))}: the chain starts at #1.");
            }

            if (mode == VerificationMode.Full)
            {
                var stored = await db.Transfers.AsNoTracking().LongCountAsync(t => t.Sequence > 0 && t.Sequence <= head.LastSequence, cancellationToken);
                if (stored != head.LastSequence)
                {
                    Report(LedgerVerification.Invariants.Chain, $"The chain should hold exactly {head.LastSequence} transfers from #1 to the head; {stored} are stored.");
                }
            }
        }

        /// <summary>Every account: counters against the fold, definition against the checkpoint and the rules, constraint.</summary>
        private void CheckAccounts()
        {
            var sealedRows = _sealedRows.ToDictionary(a => a.AccountId);
            foreach (var account in _accounts.Values.OrderBy(a => a.Id))
            {
                var folded = _folded.GetValueOrDefault(account.Id);
                if (!folded.Equals(Counters.From(account.Balance)))
                {
                    Report(LedgerVerification.Invariants.Fold, $"Account {Describe(account)} holds {Counters.From(account.Balance)} but its transfers add up to {folded}.");
                }

                if (sealedRows.TryGetValue(account.Id, out var row) && !row.DefinesTheSameAs(account))
                {
                    Report(LedgerVerification.Invariants.Definitions, $"Account {Describe(account)} was sealed as {row.Asset} {row.Code} with {row.Flags}, owned by {row.OwnerOrganizationId?.ToString() ?? "the platform"}.");
                }

                var required = PlatformAccounts.RequiredFlags(account.Id, account.Code, account.OwnerOrganizationId is not null);
                if (account.Flags != required)
                {
                    Report(
                        required == AccountFlags.None || account.Flags != AccountFlags.None ? LedgerVerification.Invariants.Definitions : LedgerVerification.Invariants.Sources,
                        $"Account {Describe(account)} carries {account.Flags}; a {account.Code} account carries {required}.");
                }

                if (!Counters.From(account.Balance).Satisfies(account.Flags))
                {
                    Report(LedgerVerification.Invariants.Constraints, $"Account {Describe(account)} violates {account.Flags}: {Counters.From(account.Balance)}.");
                }
            }

            foreach (var totals in Totals().Where(t => !t.Balanced))
            {
                if (totals.PostedDifference != 0)
                {
                    Report(LedgerVerification.Invariants.Balanced, $"{totals.Asset}: posted debits {totals.DebitsPosted} ≠ posted credits {totals.CreditsPosted}.");
                }

                if (totals.PendingDifference != 0)
                {
                    Report(LedgerVerification.Invariants.Balanced, $"{totals.Asset}: pending debits {totals.DebitsPending} ≠ pending credits {totals.CreditsPending}.");
                }
            }
        }

        private async Task CheckStoredFormsAsync(long fromSequence, CancellationToken cancellationToken)
        {
            var odd = await storage.NonCanonicalTransfersAsync(fromSequence, ReportedStoredForms, cancellationToken);
            if (odd.Count > 0)
            {
                Report(LedgerVerification.Invariants.StoredForms, $"Transfer {string.Join(", ", odd.Select(s => $"#{s}"))} stores its id, hold or time in another form than the one its hash covers (rewritten outside the application).");
            }
        }

        private List<LedgerTotals> Totals() => _accounts.Values
            .GroupBy(a => a.Asset)
            .OrderBy(g => g.Key)
            .Select(g => new LedgerTotals(
                g.Key,
                g.Aggregate(Int128.Zero, (sum, a) => sum + a.DebitsPending),
                g.Aggregate(Int128.Zero, (sum, a) => sum + a.DebitsPosted),
                g.Aggregate(Int128.Zero, (sum, a) => sum + a.CreditsPending),
                g.Aggregate(Int128.Zero, (sum, a) => sum + a.CreditsPosted)))
            .ToList();

        private void Broken(long sequence, string problem)
        {
            if (_firstBroken is null)
            {
                _firstBroken = sequence;
                _chainProblem = problem;
                Report(LedgerVerification.Invariants.Chain, problem);
            }
        }

        private void Report(string invariant, string detail) => _violations.Add(new InvariantViolation(invariant, detail));

        private LedgerVerification Finish(long from, long to, string lastHash, IReadOnlyList<LedgerTotals> totals, DateTime? anchorSealedAtUtc)
        {
            var chainIntact = _firstBroken is null && !_violations.Any(v => v.Invariant is LedgerVerification.Invariants.Chain or LedgerVerification.Invariants.Head);
            var chain = new ChainVerification(
                chainIntact,
                _firstBroken is { } broken ? broken - 1 : _checked + from,
                _firstBroken,
                _chainProblem ?? _violations.FirstOrDefault(v => v.Invariant is LedgerVerification.Invariants.Chain or LedgerVerification.Invariants.Head)?.Detail,
                lastHash);
            return new LedgerVerification(mode, from, to, chain, _violations, totals, anchorSealedAtUtc);
        }

        private static string Describe(Account account) =>
            string.Create(CultureInfo.InvariantCulture, $"{account.Id} ({account.Asset} {account.Code}, {(account.OwnerOrganizationId is { } owner ? $"organization {owner}" : "platform")})");
    }

    private sealed record Anchor(LedgerCheckpoint Checkpoint, bool Trusted);

    private sealed record OpenHold(long Debit, long Credit, long Amount);

    /// <summary>An account's four counters in 128 bits, so that no fold or sum overflows.</summary>
    private readonly record struct Counters(Int128 DebitsPending, Int128 DebitsPosted, Int128 CreditsPending, Int128 CreditsPosted)
    {
        public static Counters From(AccountBalance balance) => new(balance.DebitsPending, balance.DebitsPosted, balance.CreditsPending, balance.CreditsPosted);

        public bool Satisfies(AccountFlags flags) =>
            (!flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits) || DebitsPending + DebitsPosted <= CreditsPosted)
            && (!flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits) || CreditsPending + CreditsPosted <= DebitsPosted)
            && DebitsPending >= 0 && DebitsPosted >= 0 && CreditsPending >= 0 && CreditsPosted >= 0;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"debits {DebitsPosted} posted / {DebitsPending} pending, credits {CreditsPosted} posted / {CreditsPending} pending");
    }
}
