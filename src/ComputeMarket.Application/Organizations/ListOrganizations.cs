using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Organizations;

/// <summary>Every organization, for administrators.</summary>
public sealed record ListOrganizations : IRequest<Result<IReadOnlyList<OrganizationAdminRow>>>;

public sealed record OrganizationAdminRow(Guid Id, string Name, bool IsVerifiedProvider, int Members, DateTime CreatedAtUtc);

internal sealed class ListOrganizationsHandler(IAppDbContext db, ICurrentUser currentUser) : IRequestHandler<ListOrganizations, Result<IReadOnlyList<OrganizationAdminRow>>>
{
    public async Task<Result<IReadOnlyList<OrganizationAdminRow>>> Handle(ListOrganizations request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(PlatformRoles.Administrator))
        {
            return Result<IReadOnlyList<OrganizationAdminRow>>.Forbidden();
        }

        return await db.Organizations.OrderBy(o => o.Name)
            .Select(o => new OrganizationAdminRow(o.Id, o.Name, o.IsVerifiedProvider, o.Memberships.Count, o.CreatedAtUtc))
            .ToListAsync(cancellationToken);
    }
}
