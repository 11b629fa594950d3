using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Ledger;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// The auditor's first page: the trial balance and the verdict of an incremental verification (from the latest signed
/// checkpoint, so the page stays fast however long the chain), one page of accounts, and the latest full
/// verification an auditor asked for.
/// </summary>
public sealed record GetLedgerOverview(int Page = 1) : IRequest<Result<LedgerOverview>>;

public sealed record LedgerOverview(
    LedgerVerification Verification,
    AccountPage Accounts,
    FullVerificationRow? LatestFullVerification,
    string? SealProblem);

public sealed record AccountRow(long Id, Asset Asset, AccountCode Code, string Owner, AccountFlags Flags, long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted);

public sealed record AccountPage(IReadOnlyList<AccountRow> Rows, int Page, int PageSize, int TotalCount)
{
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
}

public sealed record FullVerificationRow(DateTime RequestedAtUtc, string RequestedBy, DateTime? FinishedAtUtc, long ToSequence, long TransfersChecked, int ProblemCount, string? Problems);

public sealed class GetLedgerOverviewValidator : AbstractValidator<GetLedgerOverview>
{
    public GetLedgerOverviewValidator(IStringLocalizer<Messages> localizer) =>
        RuleFor(r => r.Page).InclusiveBetween(1, 1_000_000).WithMessage(_ => localizer["There is no such page."]);
}

internal sealed class GetLedgerOverviewHandler(IAppDbContext db, LedgerVerifier verifier, LedgerSeal seal, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetLedgerOverview, Result<LedgerOverview>>
{
    private const int PageSize = 50;

    public async Task<Result<LedgerOverview>> Handle(GetLedgerOverview request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Result<LedgerOverview>.Forbidden();
        }

        var verification = await verifier.VerifyAsync(VerificationMode.Incremental, cancellationToken);
        var total = await db.Accounts.CountAsync(cancellationToken);
        string platform = localizer["Platform"];
        var accounts = await db.Accounts
            .GroupJoin(db.Organizations, a => a.OwnerOrganizationId, o => o.Id, (a, owners) => new { a, owners })
            .SelectMany(x => x.owners.DefaultIfEmpty(), (x, o) => new { x.a, Owner = o == null ? platform : o.Name })
            .OrderBy(x => x.a.Id)
            .Skip((request.Page - 1) * PageSize)
            .Take(PageSize)
            .Select(x => new AccountRow(x.a.Id, x.a.Asset, x.a.Code, x.Owner, x.a.Flags, x.a.DebitsPending, x.a.DebitsPosted, x.a.CreditsPending, x.a.CreditsPosted))
            .ToListAsync(cancellationToken);
        var latestFull = await db.LedgerVerificationRuns
            .Where(r => r.Mode == VerificationMode.Full)
            .OrderByDescending(r => r.RequestedAtUtc)
            .GroupJoin(db.Users, r => r.RequestedByUserId, u => u.Id, (r, users) => new { r, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new FullVerificationRow(
                x.r.RequestedAtUtc,
                u == null ? x.r.RequestedByUserId : u.DisplayName,
                x.r.FinishedAtUtc,
                x.r.ToSequence,
                x.r.TransfersChecked,
                x.r.ProblemCount,
                x.r.Problems))
            .FirstOrDefaultAsync(cancellationToken);
        return new LedgerOverview(verification, new AccountPage(accounts, request.Page, PageSize, total), latestFull, seal.WhyCannotSign);
    }
}
