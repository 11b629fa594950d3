using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Auditing;

/// <summary>Every audit entry, oldest first, exactly as stored (the before and after states as their raw JSON).</summary>
public sealed record ExportAuditLog : IRequest<Result<IAsyncEnumerable<AuditExportRow>>>;

public sealed record AuditExportRow(long Id, DateTime AtUtc, string ActorUserId, string? ActorEmail, string Action, string Subject, string? Before, string? After);

internal sealed class ExportAuditLogHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<ExportAuditLog, Result<IAsyncEnumerable<AuditExportRow>>>
{
    public Task<Result<IAsyncEnumerable<AuditExportRow>>> Handle(ExportAuditLog request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Task.FromResult(Result<IAsyncEnumerable<AuditExportRow>>.Forbidden());
        }

        // Streamed: the log only grows, and an export must not hold it all in memory.
        var rows = db.AuditEntries.AsNoTracking()
            .GroupJoin(db.Users, e => e.ActorUserId, u => u.Id, (e, users) => new { e, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new { x.e, Email = u == null ? null : u.Email })
            .OrderBy(x => x.e.Id)
            .Select(x => new AuditExportRow(x.e.Id, x.e.AtUtc, x.e.ActorUserId, x.Email, x.e.Action, x.e.Subject, x.e.Before, x.e.After))
            .AsAsyncEnumerable();
        return Task.FromResult(Result<IAsyncEnumerable<AuditExportRow>>.Ok(rows));
    }
}
