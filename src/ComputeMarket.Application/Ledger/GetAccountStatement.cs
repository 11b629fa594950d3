using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Ledger;

/// <summary>One account's statement, for administrators and auditors (any account, platform or organization).</summary>
public sealed record GetAccountStatement(long AccountId, StatementFilter Filter, bool All = false) : IRequest<Result<AccountStatement>>;

public sealed record AccountStatement(AccountRow Account, StatementPage? Page, IAsyncEnumerable<StatementLine>? Lines);

/// <summary>The filter's rules, keyed by the filter's own field names.</summary>
public sealed class GetAccountStatementValidator : AbstractValidator<GetAccountStatement>
{
    public GetAccountStatementValidator(IStringLocalizer<Messages> localizer) =>
        RuleFor(r => r.Filter).SetValidator(new StatementFilterValidator(localizer)).OverridePropertyName(string.Empty);
}

internal sealed class GetAccountStatementHandler(IAppDbContext db, ICurrentUser currentUser, DisplayZone zone, IStringLocalizer<Messages> localizer) : IRequestHandler<GetAccountStatement, Result<AccountStatement>>
{
    public async Task<Result<AccountStatement>> Handle(GetAccountStatement request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Result<AccountStatement>.Forbidden();
        }

        var account = await db.Accounts.Where(a => a.Id == request.AccountId)
            .GroupJoin(db.Organizations, a => a.OwnerOrganizationId, o => o.Id, (a, owners) => new { a, owners })
            .SelectMany(x => x.owners.DefaultIfEmpty(), (x, o) => new AccountRow(x.a.Id, x.a.Asset, x.a.Code, o == null ? "Platform" : o.Name, x.a.Flags, x.a.DebitsPending, x.a.DebitsPosted, x.a.CreditsPending, x.a.CreditsPosted))
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return Result<AccountStatement>.NotFound(localizer["There is no such account."]);
        }

        long[] ids = [account.Id];
        return request.All
            ? new AccountStatement(account, null, db.AllForAccounts(ids, request.Filter, zone))
            : new AccountStatement(account, await db.ForAccountsAsync(ids, request.Filter, zone, cancellationToken), null);
    }
}
