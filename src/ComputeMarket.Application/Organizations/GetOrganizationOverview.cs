using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Organizations;

/// <summary>An organization's home: who belongs to it and which invitations are still open.</summary>
public sealed record GetOrganizationOverview(Guid OrganizationId) : IRequest<Result<OrganizationOverview>>;

public sealed record OrganizationOverview(
    Guid Id,
    string Name,
    bool IsVerifiedProvider,
    DateTime CreatedAtUtc,
    MembershipRole? MyRole,
    IReadOnlyList<MemberRow> Members,
    IReadOnlyList<OpenInvitationRow> OpenInvitations)
{
    public bool IAmOwner => MyRole == MembershipRole.Owner;

    /// <summary>Whether I may buy, cancel allocations and request top-ups for the organization.</summary>
    public bool ICanPurchase => MyRole.IsAtLeast(MembershipRole.Purchaser);
}

public sealed record MemberRow(string UserId, string DisplayName, string Email, MembershipRole Role, DateTime JoinedAtUtc);

public sealed record OpenInvitationRow(Guid Id, DateTime CreatedAtUtc, DateTime ExpiresAtUtc, MembershipRole Role);

internal sealed class GetOrganizationOverviewHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<Messages> localizer)
    : IRequestHandler<GetOrganizationOverview, Result<OrganizationOverview>>
{
    public async Task<Result<OrganizationOverview>> Handle(GetOrganizationOverview request, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations
            .Where(o => o.Id == request.OrganizationId)
            .Select(o => new { o.Id, o.Name, o.IsVerifiedProvider, o.CreatedAtUtc })
            .SingleOrDefaultAsync(cancellationToken);
        if (organization is null)
        {
            return Result<OrganizationOverview>.NotFound(localizer["There is no such organization."]);
        }

        var myRole = await db.RoleInAsync(organization.Id, currentUser.UserId, cancellationToken);
        if (myRole is null)
        {
            return Result<OrganizationOverview>.Forbidden(localizer["You are not a member of this organization."]);
        }

        var members = await db.Memberships
            .Where(m => m.OrganizationId == organization.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { Membership = m, User = u })
            .OrderByDescending(x => x.Membership.Role == MembershipRole.Owner).ThenByDescending(x => x.Membership.Role == MembershipRole.Purchaser).ThenBy(x => x.User.DisplayName)
            .Select(x => new MemberRow(x.User.Id, x.User.DisplayName, x.User.Email, x.Membership.Role, x.Membership.JoinedAtUtc))
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var invitations = myRole == MembershipRole.Owner
            ? await db.Invitations
                .Where(i => i.OrganizationId == organization.Id && i.AcceptedAtUtc == null && i.RevokedAtUtc == null && i.ExpiresAtUtc > now)
                .OrderByDescending(i => i.CreatedAtUtc)
                .Select(i => new OpenInvitationRow(i.Id, i.CreatedAtUtc, i.ExpiresAtUtc, i.Role))
                .ToListAsync(cancellationToken)
            : [];

        return new OrganizationOverview(organization.Id, organization.Name, organization.IsVerifiedProvider, organization.CreatedAtUtc, myRole, members, invitations);
    }
}
