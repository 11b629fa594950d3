using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Application.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Wallets;

/// <summary>
/// Every transfer touching an organization's accounts, newest first. With <see cref="All"/> the lines are
/// streamed for an export instead of paged.
/// </summary>
public sealed record GetStatement(Guid OrganizationId, StatementFilter Filter, bool All = false) : IRequest<Result<Statement>>;

public sealed record Statement(StatementPage? Page, IAsyncEnumerable<StatementLine>? Lines);

/// <summary>The filter's rules, keyed by the filter's own field names.</summary>
public sealed class GetStatementValidator : AbstractValidator<GetStatement>
{
    public GetStatementValidator() => RuleFor(r => r.Filter).SetValidator(new StatementFilterValidator()).OverridePropertyName(string.Empty);
}

internal sealed class GetStatementHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<GetStatement, Result<Statement>>
{
    public async Task<Result<Statement>> Handle(GetStatement request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken) is null)
        {
            return Result<Statement>.Forbidden("You are not a member of this organization.");
        }

        var accounts = await db.Accounts.Where(a => a.OwnerOrganizationId == request.OrganizationId).Select(a => a.Id).ToListAsync(cancellationToken);
        return request.All
            ? new Statement(null, db.AllForAccounts(accounts, request.Filter))
            : new Statement(await db.ForAccountsAsync(accounts, request.Filter, cancellationToken), null);
    }
}
