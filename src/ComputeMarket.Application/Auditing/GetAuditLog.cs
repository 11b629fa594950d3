using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Auditing;

/// <summary>Administrative actions, newest first.</summary>
public sealed record GetAuditLog(int Page = 1) : IRequest<Result<AuditLogPage>>;

public sealed record AuditLogPage(IReadOnlyList<AuditRow> Rows, int Page, bool HasMore);

public sealed record AuditRow(DateTime AtUtc, string Actor, string Action, string Subject, string? Before, string? After);

public sealed class GetAuditLogValidator : AbstractValidator<GetAuditLog>
{
    public GetAuditLogValidator() => RuleFor(r => r.Page).InclusiveBetween(1, 1_000_000).WithMessage("There is no such page.");
}

internal sealed class GetAuditLogHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<GetAuditLog, Result<AuditLogPage>>
{
    private const int PageSize = 50;

    public async Task<Result<AuditLogPage>> Handle(GetAuditLog request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Result<AuditLogPage>.Forbidden();
        }

        var page = request.Page;
        var rows = await db.AuditEntries
            .GroupJoin(db.Users, e => e.ActorUserId, u => u.Id, (e, users) => new { e, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new { x.e, Actor = u == null ? x.e.ActorUserId : u.Email })
            .OrderByDescending(x => x.e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(x => new AuditRow(x.e.AtUtc, x.Actor, x.e.Action, x.e.Subject, x.e.Before, x.e.After))
            .ToListAsync(cancellationToken);
        return new AuditLogPage(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
    }
}
