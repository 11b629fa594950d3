using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Ledger;

/// <summary>The result of walking the hash chain: how far it verified and, if broken, the first bad link.</summary>
public sealed record ChainVerification(bool Intact, long TransfersChecked, long? FirstBrokenSequence, string? Problem, string LastHash);

/// <summary>One broken invariant of product.md §4, in words an auditor can act on.</summary>
public sealed record InvariantViolation(string Invariant, string Detail);

/// <summary>
/// Proves the ledger: the hash chain from the first transfer to the head, and the invariants that must hold at
/// every commit. Used by tests today and by the reconciliation job and the audit console.
/// </summary>
public sealed class LedgerVerifier(IAppDbContext db)
{
    private const int PageSize = 5_000;

    public async Task<ChainVerification> VerifyChainAsync(CancellationToken cancellationToken = default)
    {
        var expectedSequence = 1L;
        var previousHash = Transfer.GenesisHash;
        while (true)
        {
            var page = await db.Transfers.AsNoTracking()
                .Where(t => t.Sequence >= expectedSequence)
                .OrderBy(t => t.Sequence)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var transfer in page)
            {
                if (transfer.Sequence != expectedSequence)
                {
                    return Broken(expectedSequence, $"Transfer #{expectedSequence} is missing: the chain jumps to #{transfer.Sequence}.");
                }

                if (transfer.PreviousHash != previousHash)
                {
                    return Broken(expectedSequence, $"Transfer #{expectedSequence} does not point to the hash of the transfer before it.");
                }

                if (transfer.ComputeHash() != transfer.Hash)
                {
                    return Broken(expectedSequence, $"Transfer #{expectedSequence} was altered: its fields no longer match its hash.");
                }

                previousHash = transfer.Hash;
                expectedSequence++;
            }

            if (page.Count < PageSize)
            {
                break;
            }
        }

        var head = await db.LedgerHeads.AsNoTracking().SingleAsync(h => h.Id == LedgerHead.SingletonId, cancellationToken);
        var lastInChain = expectedSequence - 1;
        if (lastInChain > head.LastSequence)
        {
            return Broken(head.LastSequence + 1, $"Transfer #{head.LastSequence + 1} was added behind the ledger's back: the ledger head ends at #{head.LastSequence}.");
        }

        if (lastInChain < head.LastSequence || head.LastHash != previousHash)
        {
            return Broken(expectedSequence, $"The chain ends at #{lastInChain} but the ledger head records #{head.LastSequence}: transfers were removed from the end.");
        }

        return new ChainVerification(true, expectedSequence - 1, null, null, previousHash);

        ChainVerification Broken(long sequence, string problem) => new(false, sequence - 1, sequence, problem, previousHash);
    }

    public async Task<IReadOnlyList<InvariantViolation>> CheckInvariantsAsync(CancellationToken cancellationToken = default)
    {
        var violations = new List<InvariantViolation>();
        var accounts = await db.Accounts.AsNoTracking().ToListAsync(cancellationToken);

        // 1. Per ledger, debits equal credits, posted and pending separately.
        foreach (var ledger in accounts.GroupBy(a => a.Asset))
        {
            var debitsPosted = ledger.Sum(a => a.DebitsPosted);
            var creditsPosted = ledger.Sum(a => a.CreditsPosted);
            var debitsPending = ledger.Sum(a => a.DebitsPending);
            var creditsPending = ledger.Sum(a => a.CreditsPending);
            if (debitsPosted != creditsPosted)
            {
                violations.Add(new("Debits equal credits", $"{ledger.Key}: posted debits {debitsPosted} ≠ posted credits {creditsPosted}."));
            }

            if (debitsPending != creditsPending)
            {
                violations.Add(new("Debits equal credits", $"{ledger.Key}: pending debits {debitsPending} ≠ pending credits {creditsPending}."));
            }
        }

        // 2. Each account's counters equal the fold of its transfers (computed in SQL, per account and phase).
        var folded = await FoldAsync(cancellationToken);
        foreach (var account in accounts)
        {
            var expected = folded.GetValueOrDefault(account.Id);
            if (expected != account.Balance)
            {
                violations.Add(new("Counters equal the fold of transfers", $"Account {account.Id} ({account.Asset} {account.Code}) holds {account.Balance} but its transfers add up to {expected}."));
            }

            // 3. No account violates its balance constraint, and only the two sources of value are unconstrained.
            if (!account.Balance.Satisfies(account.Flags))
            {
                violations.Add(new("Balance constraints hold", $"Account {account.Id} ({account.Asset} {account.Code}) violates {account.Flags}."));
            }

            if (account.Flags == AccountFlags.None && !PlatformAccounts.MayBeUnconstrained(account.Id))
            {
                violations.Add(new("Value enters only through External and BankPool", $"Account {account.Id} ({account.Asset} {account.Code}) has no balance constraint."));
            }
        }

        // 4. The chain verifies.
        var chain = await VerifyChainAsync(cancellationToken);
        if (!chain.Intact)
        {
            violations.Add(new("The hash chain verifies", chain.Problem!));
        }

        return violations;
    }

    private async Task<Dictionary<long, AccountBalance>> FoldAsync(CancellationToken cancellationToken)
    {
        // Posted counters: single-phase transfers and posts. Pending counters: pending transfers not yet resolved.
        var posted = db.Transfers.AsNoTracking().Where(t => t.Flags == TransferFlags.None || t.Flags == TransferFlags.PostPending);
        var open = db.Transfers.AsNoTracking().Where(t => t.Flags == TransferFlags.Pending && !db.Transfers.Any(r => r.PendingId == t.Id));

        var debitsPosted = await SumByAsync(posted.GroupBy(t => t.DebitAccountId));
        var creditsPosted = await SumByAsync(posted.GroupBy(t => t.CreditAccountId));
        var debitsPending = await SumByAsync(open.GroupBy(t => t.DebitAccountId));
        var creditsPending = await SumByAsync(open.GroupBy(t => t.CreditAccountId));

        return debitsPosted.Keys.Concat(creditsPosted.Keys).Concat(debitsPending.Keys).Concat(creditsPending.Keys)
            .Distinct()
            .ToDictionary(id => id, id => new AccountBalance(
                debitsPending.GetValueOrDefault(id),
                debitsPosted.GetValueOrDefault(id),
                creditsPending.GetValueOrDefault(id),
                creditsPosted.GetValueOrDefault(id)));

        Task<Dictionary<long, long>> SumByAsync(IQueryable<IGrouping<long, Transfer>> groups) =>
            groups.Select(g => new { g.Key, Total = g.Sum(t => t.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Total, cancellationToken);
    }
}
