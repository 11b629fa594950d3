using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Ledger;

/// <summary>The auditor's first page: trial balance per ledger, the hash chain's verdict, the invariants, every account.</summary>
public sealed record GetLedgerOverview : IRequest<Result<LedgerOverview>>;

public sealed record LedgerOverview(
    IReadOnlyList<TrialBalanceRow> TrialBalance,
    ChainVerification Chain,
    IReadOnlyList<InvariantViolation> Violations,
    IReadOnlyList<AccountRow> Accounts);

/// <summary>Σ debits and Σ credits over all accounts of a ledger; the difference must be zero.</summary>
public sealed record TrialBalanceRow(Asset Asset, long DebitsPosted, long CreditsPosted, long DebitsPending, long CreditsPending)
{
    public long PostedDifference => DebitsPosted - CreditsPosted;

    public long PendingDifference => DebitsPending - CreditsPending;

    public bool Balanced => PostedDifference == 0 && PendingDifference == 0;
}

public sealed record AccountRow(long Id, Asset Asset, AccountCode Code, string Owner, AccountFlags Flags, long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted);

internal sealed class GetLedgerOverviewHandler(IAppDbContext db, LedgerVerifier verifier, ICurrentUser currentUser) : IRequestHandler<GetLedgerOverview, Result<LedgerOverview>>
{
    public async Task<Result<LedgerOverview>> Handle(GetLedgerOverview request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Result<LedgerOverview>.Forbidden();
        }

        var trial = await db.Accounts
            .GroupBy(a => a.Asset)
            .Select(g => new TrialBalanceRow(g.Key, g.Sum(a => a.DebitsPosted), g.Sum(a => a.CreditsPosted), g.Sum(a => a.DebitsPending), g.Sum(a => a.CreditsPending)))
            .ToListAsync(cancellationToken);
        var accounts = await db.Accounts
            .GroupJoin(db.Organizations, a => a.OwnerOrganizationId, o => o.Id, (a, owners) => new { a, owners })
            .SelectMany(x => x.owners.DefaultIfEmpty(), (x, o) => new { x.a, Owner = o == null ? "Platform" : o.Name })
            .OrderBy(x => x.a.Id)
            .Select(x => new AccountRow(x.a.Id, x.a.Asset, x.a.Code, x.Owner, x.a.Flags, x.a.DebitsPending, x.a.DebitsPosted, x.a.CreditsPending, x.a.CreditsPosted))
            .ToListAsync(cancellationToken);
        var violations = await verifier.CheckInvariantsAsync(cancellationToken);
        var chain = await verifier.VerifyChainAsync(cancellationToken);
        return new LedgerOverview(trial.OrderBy(t => t.Asset).ToList(), chain, violations, accounts);
    }
}
