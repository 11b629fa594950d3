using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Auditing;

/// <summary>Administrative actions, newest first, each as who, what, when and a readable before → after diff.</summary>
public sealed record GetAuditLog(int Page = 1) : IRequest<Result<AuditLogPage>>;

public sealed record AuditLogPage(IReadOnlyList<AuditRow> Rows, int Page, bool HasMore);

/// <param name="Action">The stored action code (<c>TopUp.Confirm</c>).</param>
/// <param name="ActionText">The action in the reader's language.</param>
/// <param name="SubjectText">What the action touched, by name where it has one.</param>
public sealed record AuditRow(
    long Id,
    DateTime AtUtc,
    string ActorName,
    string? ActorEmail,
    string Action,
    string ActionText,
    string Subject,
    string SubjectText,
    IReadOnlyList<AuditChange> Changes);

public sealed class GetAuditLogValidator : AbstractValidator<GetAuditLog>
{
    public GetAuditLogValidator(IStringLocalizer<Messages> localizer) =>
        RuleFor(r => r.Page).InclusiveBetween(1, 1_000_000).WithMessage(_ => localizer["There is no such page."]);
}

internal sealed class GetAuditLogHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetAuditLog, Result<AuditLogPage>>
{
    private const int PageSize = 50;

    public async Task<Result<AuditLogPage>> Handle(GetAuditLog request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator) && !currentUser.IsInRole(PlatformRoles.Auditor))
        {
            return Result<AuditLogPage>.Forbidden();
        }

        var page = request.Page;
        var entries = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .ToListAsync(cancellationToken);

        var names = await AuditNames.ForAsync(db, entries.SelectMany(e => AuditDescriptions.ReferencedIds(e.Subject, e.Before, e.After).Append(e.ActorUserId)), cancellationToken);
        var describe = new AuditDescriptions(localizer, names.Display);
        var rows = entries.Take(PageSize).Select(e => new AuditRow(
            e.Id,
            e.AtUtc,
            names.Display.GetValueOrDefault(e.ActorUserId, e.ActorUserId),
            names.Emails.GetValueOrDefault(e.ActorUserId),
            e.Action,
            describe.Action(e.Action),
            e.Subject,
            describe.Subject(e.Subject),
            describe.Changes(e.Before, e.After))).ToList();
        return new AuditLogPage(rows, page, entries.Count > PageSize);
    }
}

/// <summary>Names of the people (display name, email) and organizations audit entries refer to by id.</summary>
internal sealed record AuditNames(IReadOnlyDictionary<string, string> Display, IReadOnlyDictionary<string, string> Emails)
{
    public static async Task<AuditNames> ForAsync(IAppDbContext db, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var people = await db.Users.Where(u => wanted.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToListAsync(cancellationToken);
        var organizationIds = wanted.Select(id => Guid.TryParse(id, out var guid) ? guid : (Guid?)null).OfType<Guid>().ToList();
        var organizations = await db.Organizations.Where(o => organizationIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Name })
            .ToListAsync(cancellationToken);

        var display = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var organization in organizations)
        {
            display[organization.Id.ToString()] = organization.Name;
        }

        foreach (var person in people)
        {
            display[person.Id] = string.IsNullOrWhiteSpace(person.DisplayName) ? person.Email : person.DisplayName;
        }

        return new AuditNames(display, people.ToDictionary(p => p.Id, p => p.Email, StringComparer.Ordinal));
    }
}
