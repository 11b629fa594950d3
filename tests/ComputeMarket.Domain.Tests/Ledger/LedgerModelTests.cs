using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Domain.Tests.Ledger;

/// <summary>
/// Randomized tests: thousands of random batches through LedgerRules and through <see cref="ReferenceLedger"/>,
/// compared after every batch. Each run is seeded; a failure names its seed and batch so it can be replayed.
/// </summary>
public sealed class LedgerModelTests
{
    private const int Batches = 3_000;

    private static readonly DateTime Start = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    // Money: the unconstrained source, fee income, two organizations' wallets and an escrow.
    // Tok: the unconstrained mint, fee income, two wallets and a debit-normal loan account.
    private static readonly (long Id, Asset Asset, AccountCode Code, AccountFlags Flags)[] Chart =
    [
        (PlatformAccounts.MoneyExternal, Asset.Money, AccountCode.External, AccountFlags.None),
        (PlatformAccounts.MoneyFees, Asset.Money, AccountCode.Fees, AccountFlags.DebitsMustNotExceedCredits),
        (10, Asset.Money, AccountCode.Wallet, AccountFlags.DebitsMustNotExceedCredits),
        (11, Asset.Money, AccountCode.Wallet, AccountFlags.DebitsMustNotExceedCredits),
        (12, Asset.Money, AccountCode.Escrow, AccountFlags.DebitsMustNotExceedCredits),
        (PlatformAccounts.TokBankPool, Asset.Tok, AccountCode.BankPool, AccountFlags.None),
        (PlatformAccounts.TokFees, Asset.Tok, AccountCode.Fees, AccountFlags.DebitsMustNotExceedCredits),
        (20, Asset.Tok, AccountCode.Wallet, AccountFlags.DebitsMustNotExceedCredits),
        (21, Asset.Tok, AccountCode.Wallet, AccountFlags.DebitsMustNotExceedCredits),
        (22, Asset.Tok, AccountCode.Loan, AccountFlags.CreditsMustNotExceedDebits),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20261123)]
    [InlineData(424242)]
    public void Random_batches_agree_with_the_reference_model_after_every_batch(int seed)
    {
        var random = new Random(seed);
        var engine = new InMemoryLedger();
        var model = new ReferenceLedger();
        foreach (var (id, asset, code, flags) in Chart)
        {
            engine.Open(id, asset, code, flags);
            model.Open(id, asset, flags);
        }

        var generator = new BatchGenerator(random, model);
        var now = Start;
        var seen = new Dictionary<TransferResult, int>();
        var appliedBatches = 0;
        var partialPosts = 0;

        for (var n = 0; n < Batches; n++)
        {
            now = now.AddSeconds(random.Next(0, 90));
            var batch = generator.Next(now);
            var where = $"seed {seed}, batch {n} at {now:O}";
            var headBefore = (engine.Head.LastSequence, engine.Head.LastHash);

            var expected = model.Decide(batch, now);
            var outcome = engine.Post(now, [.. batch]);

            Check(outcome.Results.Count == batch.Count, where, "one result per request");
            Check(outcome.Applied == expected.Applies, where, $"Applied is {outcome.Applied}, the model says {expected.Applies}; results {Describe(outcome.Results)}, model {string.Join(", ", expected.Verdicts)}; batch {Describe(batch)}");
            for (var i = 0; i < batch.Count; i++)
            {
                var verdict = expected.Verdicts[i];
                var actual = outcome.Results[i];
                var agrees = verdict.Kind switch
                {
                    ReferenceLedger.VerdictKind.Ok => actual == (expected.Applies ? TransferResult.Ok : TransferResult.LinkedTransferFailed),
                    ReferenceLedger.VerdictKind.Exists => actual == TransferResult.Exists,
                    _ => verdict.Reasons.Contains(actual),
                };
                Check(agrees, where, $"request {i} ({batch[i]}) got {actual}, the model says {verdict}");
                seen[actual] = seen.GetValueOrDefault(actual) + 1;
            }

            CheckCreated(outcome.Created, expected.Created, headBefore, where);
            CheckHead(engine, outcome.Created, headBefore, where);
            CheckAccounts(engine, model, where);
            CheckBalancedPerAsset(engine, where);

            appliedBatches += outcome.Applied ? 1 : 0;
            partialPosts += outcome.Created.Count(t => t.Flags == TransferFlags.PostPending && model.Transfers[t.PendingId!.Value].Amount > t.Amount);
        }

        CheckWholeChain(engine, $"seed {seed}, at the end");
        CheckCountersAreTheFoldOfTransfers(engine, $"seed {seed}, at the end");

        // The run must have exercised what it claims to: a degenerate generator would prove nothing.
        Check(appliedBatches > Batches / 4 && appliedBatches < Batches * 9 / 10, $"seed {seed}", $"{appliedBatches} of {Batches} batches applied");
        Check(partialPosts > 10, $"seed {seed}", $"only {partialPosts} partial posts");
        foreach (var result in new[]
        {
            TransferResult.Ok, TransferResult.Exists, TransferResult.LinkedTransferFailed, TransferResult.ExistsWithDifferentFields,
            TransferResult.ExceedsCredits, TransferResult.ExceedsDebits, TransferResult.PendingTransferExpired,
            TransferResult.PendingTransferAlreadyResolved, TransferResult.ExceedsPendingAmount, TransferResult.Overflow,
            TransferResult.DuplicateIdInBatch, TransferResult.AccountsOnDifferentLedgers, TransferResult.TimeoutMustNotBeNegative,
            TransferResult.ReferenceIsNotValidText,
        })
        {
            Check(seen.GetValueOrDefault(result) >= 5, $"seed {seed}", $"{result} came up only {seen.GetValueOrDefault(result)} times");
        }

        Check(engine.Chain.Count(t => t.Flags == TransferFlags.VoidPending) > 10, $"seed {seed}", "too few voids");
        Check(engine.Chain.Count(t => t.ExpiresAtUtc is not null) > 10, $"seed {seed}", "too few pending transfers with a timeout");
    }

    [Fact]
    public void A_seed_replays_the_same_batches_ids_included()
    {
        Assert.Equal(Generate(seed: 7, batches: 300), Generate(seed: 7, batches: 300));
        Assert.NotEqual(Generate(seed: 7, batches: 300), Generate(seed: 8, batches: 300));
    }

    /// <summary>The requests a seeded run submits, with the model deciding each batch so that the generator sees the same state.</summary>
    private static List<TransferRequest> Generate(int seed, int batches)
    {
        var random = new Random(seed);
        var model = new ReferenceLedger();
        foreach (var (id, asset, _, flags) in Chart)
        {
            model.Open(id, asset, flags);
        }

        var generator = new BatchGenerator(random, model);
        var now = Start;
        var requests = new List<TransferRequest>();
        for (var n = 0; n < batches; n++)
        {
            now = now.AddSeconds(random.Next(0, 90));
            var batch = generator.Next(now);
            model.Decide(batch, now);
            requests.AddRange(batch);
        }

        return requests;
    }

    private static void CheckCreated(IReadOnlyList<Transfer> created, IReadOnlyList<ReferenceLedger.Entry> expected, (long Sequence, string Hash) headBefore, string where)
    {
        Check(created.Count == expected.Count, where, $"{created.Count} transfers created, the model expects {expected.Count}");
        var previousHash = headBefore.Hash;
        for (var i = 0; i < created.Count; i++)
        {
            var t = created[i];
            var e = expected[i];
            Check(
                t.Id == e.Id && t.DebitAccountId == e.Debit && t.CreditAccountId == e.Credit && t.Amount == e.Amount && t.Asset == e.Asset
                    && t.Code == e.Code && t.Flags == e.Flags && t.PendingId == e.PendingId && t.ExpiresAtUtc == e.ExpiresAtUtc && t.Reference == e.Reference,
                where,
                $"created transfer {i} is {Describe(t)}, the model expects {e}");
            Check(t.Sequence == headBefore.Sequence + i + 1, where, $"transfer {t.Id} has sequence {t.Sequence}, expected {headBefore.Sequence + i + 1}");
            Check(t.PreviousHash == previousHash, where, $"transfer #{t.Sequence} does not link to the hash before it");
            Check(t.ComputeHash() == t.Hash, where, $"transfer #{t.Sequence}'s hash does not match its fields");
            previousHash = t.Hash;
        }
    }

    private static void CheckHead(InMemoryLedger engine, IReadOnlyList<Transfer> created, (long Sequence, string Hash) headBefore, string where)
    {
        var expected = created.Count == 0 ? headBefore : (created[^1].Sequence, created[^1].Hash);
        Check((engine.Head.LastSequence, engine.Head.LastHash) == expected, where, $"the head is at #{engine.Head.LastSequence}, expected #{expected.Item1}");
    }

    private static void CheckAccounts(InMemoryLedger engine, ReferenceLedger model, string where)
    {
        foreach (var (id, account) in engine.Accounts)
        {
            var m = model.Accounts[id];
            Check(
                account.DebitsPending == m.DebitsPending && account.DebitsPosted == m.DebitsPosted
                    && account.CreditsPending == m.CreditsPending && account.CreditsPosted == m.CreditsPosted,
                where,
                $"account {id} holds {account.Balance}, the model holds {m}");

            // Each flag written out plainly rather than through AccountBalance.Satisfies.
            if (account.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits))
            {
                Check(account.DebitsPending + account.DebitsPosted <= account.CreditsPosted, where, $"account {id} spends more than it received: {account.Balance}");
            }

            if (account.Flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits))
            {
                Check(account.CreditsPending + account.CreditsPosted <= account.DebitsPosted, where, $"account {id} repaid more than it owes: {account.Balance}");
            }
        }
    }

    private static void CheckBalancedPerAsset(InMemoryLedger engine, string where)
    {
        foreach (var ledger in engine.Accounts.Values.GroupBy(a => a.Asset))
        {
            long debitsPosted = 0, creditsPosted = 0, debitsPending = 0, creditsPending = 0;
            foreach (var a in ledger)
            {
                debitsPosted = checked(debitsPosted + a.DebitsPosted);
                creditsPosted = checked(creditsPosted + a.CreditsPosted);
                debitsPending = checked(debitsPending + a.DebitsPending);
                creditsPending = checked(creditsPending + a.CreditsPending);
            }

            Check(debitsPosted == creditsPosted, where, $"{ledger.Key}: posted debits {debitsPosted} ≠ posted credits {creditsPosted}");
            Check(debitsPending == creditsPending, where, $"{ledger.Key}: pending debits {debitsPending} ≠ pending credits {creditsPending}");
        }
    }

    private static void CheckWholeChain(InMemoryLedger engine, string where)
    {
        var previous = Transfer.GenesisHash;
        var hashes = new HashSet<string>();
        for (var i = 0; i < engine.Chain.Count; i++)
        {
            var t = engine.Chain[i];
            Check(t.Sequence == i + 1, where, $"the chain has #{t.Sequence} at position {i + 1}");
            Check(t.PreviousHash == previous && t.ComputeHash() == t.Hash, where, $"link #{t.Sequence} is broken");
            Check(hashes.Add(t.Hash), where, $"hash of #{t.Sequence} repeats");
            previous = t.Hash;
        }

        Check(engine.Head.LastHash == previous && engine.Head.LastSequence == engine.Chain.Count, where, "the head is not the end of the chain");
    }

    private static void CheckCountersAreTheFoldOfTransfers(InMemoryLedger engine, string where)
    {
        var folded = engine.Accounts.Keys.ToDictionary(id => id, _ => new long[4]);
        var resolved = engine.Chain.Where(t => t.PendingId is not null).Select(t => t.PendingId!.Value).ToHashSet();
        foreach (var t in engine.Chain)
        {
            switch (t.Flags)
            {
                case TransferFlags.None or TransferFlags.PostPending:
                    folded[t.DebitAccountId][1] += t.Amount;
                    folded[t.CreditAccountId][3] += t.Amount;
                    break;
                case TransferFlags.Pending when !resolved.Contains(t.Id):
                    folded[t.DebitAccountId][0] += t.Amount;
                    folded[t.CreditAccountId][2] += t.Amount;
                    break;
            }
        }

        foreach (var (id, account) in engine.Accounts)
        {
            var f = folded[id];
            Check(account.Balance == new AccountBalance(f[0], f[1], f[2], f[3]), where, $"account {id} holds {account.Balance} but its transfers add up to ({string.Join(", ", f)})");
        }
    }

    private static void Check(bool condition, string where, string what)
    {
        if (!condition)
        {
            Assert.Fail($"{where}: {what}");
        }
    }

    private static string Describe(IEnumerable<TransferResult> results) => string.Join(", ", results);

    private static string Describe(IEnumerable<TransferRequest> batch) => string.Join("; ", batch);

    private static string Describe(Transfer t) =>
        $"#{t.Sequence} {t.Id} {t.DebitAccountId}->{t.CreditAccountId} {t.Amount} {t.Asset} {t.Code} {t.Flags} pending={t.PendingId} expires={t.ExpiresAtUtc:O} ref={t.Reference}";

    /// <summary>Random batches over <see cref="Chart"/>, reading the model's state to aim at interesting cases.</summary>
    private sealed class BatchGenerator(Random random, ReferenceLedger model)
    {
        private static readonly long[] MoneyAccounts = [.. Chart.Where(a => a.Asset == Asset.Money).Select(a => a.Id)];
        private static readonly long[] TokAccounts = [.. Chart.Where(a => a.Asset == Asset.Tok).Select(a => a.Id)];
        private static readonly long[] MoneyWallets = [10, 11, 12];
        private static readonly long[] TokWallets = [20, 21];
        private static readonly TransferCode[] Codes = Enum.GetValues<TransferCode>();
        private static readonly string[] LoneSurrogates = ["\uD800", "a\uDC00b", "order:\uDBFF", "\uDC00\uD800"];

        private readonly List<TransferRequest> _submitted = [];

        public List<TransferRequest> Next(DateTime now)
        {
            var size = random.Next(100) switch { < 45 => 1, < 75 => 2, < 90 => 3, _ => random.Next(4, 7) };
            var batch = new List<TransferRequest>(size);
            for (var i = 0; i < size; i++)
            {
                var request = random.Next(100) switch
                {
                    < 20 => Fund(),
                    < 37 => Move(TransferFlags.None),
                    < 52 => Move(TransferFlags.Pending),
                    < 66 => Post(batch, now),
                    < 74 => Void(batch),
                    < 86 => Retry(),
                    _ => Invalid(batch),
                };
                batch.Add(request);
            }

            _submitted.AddRange(batch);
            return batch;
        }

        private TransferRequest Fund()
        {
            var money = random.Next(2) == 0;
            var wallet = money ? Pick(MoneyWallets) : Pick(TokWallets.Append(22).ToArray());
            return new TransferRequest(
                NextId(),
                money ? PlatformAccounts.MoneyExternal : PlatformAccounts.TokBankPool,
                wallet,
                random.Next(1, 10_000),
                TransferCode.TopUp,
                Reference("fund"));
        }

        private TransferRequest Move(TransferFlags flags)
        {
            var accounts = random.Next(2) == 0 ? MoneyAccounts : TokAccounts;
            var debit = Pick(accounts);
            var credit = Pick(accounts.Where(a => a != debit).ToArray());
            // Zero means no timeout, on any transfer.
            TimeSpan? timeout = random.Next(10) switch
            {
                0 => TimeSpan.Zero,
                < 6 when flags == TransferFlags.Pending => TimeSpan.FromSeconds(random.Next(1, 600)),
                _ => null,
            };
            return new TransferRequest(NextId(), debit, credit, random.Next(1, 3_000), Pick(Codes), Reference("move"), flags, Timeout: timeout);
        }

        private TransferRequest Post(List<TransferRequest> batch, DateTime now)
        {
            var (pendingId, amount) = PickPending(batch, preferAlive: now);
            var posted = random.Next(100) switch
            {
                < 40 => amount,
                < 85 => Math.Max(1, random.NextInt64(1, Math.Max(2, amount))),
                < 95 => amount + random.Next(1, 50),
                _ => 0,
            };
            var request = TransferRequest.Post(NextId(), pendingId, posted, TransferCode.Purchase, Reference("post"));
            if (random.Next(10) == 0 && model.Transfers.TryGetValue(pendingId, out var pending))
            {
                request = request with { DebitAccountId = pending.Debit, CreditAccountId = pending.Credit };
            }

            return request;
        }

        private TransferRequest Void(List<TransferRequest> batch)
        {
            var (pendingId, amount) = PickPending(batch, preferAlive: null);
            var request = TransferRequest.Void(NextId(), pendingId, TransferCode.Release, Reference("void"));
            return random.Next(10) switch
            {
                0 => request with { Amount = amount },
                1 => request with { Amount = amount + 1 },
                _ => request,
            };
        }

        /// <summary>A pending transfer to resolve: mostly open ones, sometimes resolved or expired ones, or one from this batch.</summary>
        private (Guid Id, long Amount) PickPending(List<TransferRequest> batch, DateTime? preferAlive)
        {
            var inBatch = batch.Where(r => r.Flags == TransferFlags.Pending).ToList();
            if (inBatch.Count > 0 && random.Next(3) == 0)
            {
                var r = Pick(inBatch.ToArray());
                return (r.Id, r.Amount);
            }

            var pendings = model.Chain.Where(t => t.Flags == TransferFlags.Pending).ToList();
            if (pendings.Count == 0)
            {
                return (NextId(), 100);
            }

            var open = pendings.Where(p => !model.IsResolved(p.Id) && (preferAlive is null || p.ExpiresAtUtc is null || p.ExpiresAtUtc > preferAlive)).ToList();
            var chosen = open.Count > 0 && random.Next(100) < 80 ? Pick(open.ToArray()) : Pick(pendings.ToArray());
            return (chosen.Id, chosen.Amount);
        }

        private TransferRequest Retry()
        {
            if (_submitted.Count == 0)
            {
                return Fund();
            }

            // Mostly recent requests, so that retries meet pendings that are still open.
            var original = _submitted[Math.Max(0, _submitted.Count - 1 - random.Next(Math.Min(_submitted.Count, 40)))];
            if (random.Next(100) < 70)
            {
                // Sometimes "no timeout" spelled the other way (zero for null, null for zero): still the same request.
                var noTimeout = original.Timeout is null || original.Timeout == TimeSpan.Zero;
                return noTimeout && random.Next(4) == 0 ? original with { Timeout = original.Timeout is null ? TimeSpan.Zero : null } : original;
            }

            // The timeout is not changed otherwise: see LedgerRulesTests' test on retried timeouts.
            return random.Next(3) switch
            {
                0 => original with { Amount = original.Amount + 1 },
                1 => original with { Reference = original.Reference + "'" },
                _ => original with { Code = original.Code == TransferCode.Correction ? TransferCode.Refund : TransferCode.Correction },
            };
        }

        private TransferRequest Invalid(List<TransferRequest> batch)
        {
            var good = Move(TransferFlags.None);
            switch (random.Next(17))
            {
                case 0: return good with { Amount = -random.Next(0, 5) };
                case 1: return good with { CreditAccountId = good.DebitAccountId };
                case 2: return good with { DebitAccountId = 999 };
                case 3: return good with { CreditAccountId = 998 };
                case 4: return good with { CreditAccountId = MoneyAccounts.Contains(good.DebitAccountId) ? Pick(TokAccounts) : Pick(MoneyAccounts) };
                case 5: return good with { Timeout = TimeSpan.FromSeconds(30) };
                case 6:
                    return good with
                    {
                        Flags = random.Next(2) == 0 ? TransferFlags.Pending : TransferFlags.None,
                        Timeout = random.Next(2) == 0 ? TimeSpan.FromTicks(-1) : TimeSpan.FromSeconds(-random.Next(1, 3_600)),
                    };
                case 7: return good with { Flags = random.Next(2) == 0 ? TransferFlags.Pending | TransferFlags.PostPending : (TransferFlags)8 };
                case 8: return good with { Reference = new string('x', 101) };
                case 9: return good with { Flags = TransferFlags.PostPending, DebitAccountId = 0, CreditAccountId = 0 };
                case 10: return TransferRequest.Post(NextId(), NextId(), 10, TransferCode.Purchase, "post:nothing");
                case 11:
                    var single = model.Chain.LastOrDefault(t => t.Flags == TransferFlags.None);
                    return single is null ? good with { Amount = 0 } : TransferRequest.Post(NextId(), single.Id, 1, TransferCode.Purchase, "post:single");
                case 12:
                    return batch.Count == 0 ? good with { DebitAccountId = 999 } : good with { Id = batch[random.Next(batch.Count)].Id };
                case 13:
                    var open = model.Chain.LastOrDefault(t => t.Flags == TransferFlags.Pending && !model.IsResolved(t.Id));
                    return open is null
                        ? good with { CreditAccountId = 998 }
                        : TransferRequest.Post(NextId(), open.Id, 1, TransferCode.Purchase, "post:elsewhere") with { CreditAccountId = open.Debit };
                case 14: return good with { Flags = TransferFlags.Pending, PendingId = NextId() };
                case 15: return good with { Reference = Pick(LoneSurrogates) };
                default:
                    // An amount that would carry a counter past long.MaxValue.
                    var rich = model.Accounts.Where(a => a.Value.CreditsPosted > 0 && a.Value.Asset == Asset.Money && a.Key != PlatformAccounts.MoneyExternal).Select(a => a.Key).FirstOrDefault();
                    return rich == 0
                        ? good with { Amount = 0 }
                        : new TransferRequest(NextId(), PlatformAccounts.MoneyExternal, rich, long.MaxValue - model.Accounts[rich].CreditsPosted + 1, TransferCode.TopUp, "overflow");
            }
        }

        /// <summary>Mostly ASCII; sometimes Chinese text and a character beyond the BMP, which the hash must carry exactly.</summary>
        private string Reference(string prefix) => random.Next(10) == 0 ? $"{prefix}:订单🙂{random.Next(1_000)}" : $"{prefix}:{random.Next(1_000)}";

        /// <summary>Ids come from the seeded generator too, so that a failing seed replays the very same transfers.</summary>
        private Guid NextId()
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }

        private T Pick<T>(T[] items) => items[random.Next(items.Length)];
    }
}
