using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Organizations;

/// <summary>The organizations the signed-in person belongs to, for the dashboard and the navigation.</summary>
public sealed record GetMyOrganizations : IRequest<IReadOnlyList<MyOrganization>>;

public sealed record MyOrganization(Guid Id, string Name, MembershipRole Role, bool IsVerifiedProvider);

internal sealed class GetMyOrganizationsHandler(IAppDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetMyOrganizations, IReadOnlyList<MyOrganization>>
{
    public async Task<IReadOnlyList<MyOrganization>> Handle(GetMyOrganizations request, CancellationToken cancellationToken)
    {
        if (currentUser.UserId is not { } userId)
        {
            return [];
        }

        return await db.Memberships
            .Where(m => m.UserId == userId)
            .Join(db.Organizations, m => m.OrganizationId, o => o.Id, (m, o) => new { m.Role, Organization = o })
            .OrderBy(x => x.Organization.Name)
            .Select(x => new MyOrganization(x.Organization.Id, x.Organization.Name, x.Role, x.Organization.IsVerifiedProvider))
            .ToListAsync(cancellationToken);
    }
}
