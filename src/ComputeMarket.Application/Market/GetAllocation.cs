using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>One allocation, for the buyer that holds it or the provider that serves it.</summary>
public sealed record GetAllocation(Guid OrganizationId, Guid AllocationId) : IRequest<Result<AllocationRow>>;

internal sealed class GetAllocationHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetAllocation, Result<AllocationRow>>
{
    public async Task<Result<AllocationRow>> Handle(GetAllocation request, CancellationToken cancellationToken)
    {
        var role = await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken);
        if (role is null)
        {
            return Result<AllocationRow>.Forbidden(localizer["You are not a member of this organization."]);
        }

        var allocation = await db.Allocations.AsNoTracking().SingleOrDefaultAsync(
            a => a.Id == request.AllocationId && (a.BuyerOrganizationId == request.OrganizationId || a.ProviderOrganizationId == request.OrganizationId),
            cancellationToken);
        if (allocation is null)
        {
            return Result<AllocationRow>.NotFound(localizer["There is no such allocation."]);
        }

        var asProvider = allocation.ProviderOrganizationId == request.OrganizationId;
        var row = await db.Allocations.Where(a => a.Id == allocation.Id).ToRows(db, asProvider).SingleAsync(cancellationToken);
        return row with { CanCancel = !asProvider && row.Status == AllocationStatus.Active && role.IsAtLeast(MembershipRole.Purchaser) };
    }
}

internal static class AllocationRows
{
    public static IQueryable<AllocationRow> ToRows(this IQueryable<Allocation> allocations, IAppDbContext db, bool asProvider) =>
        (asProvider
            ? allocations.Join(db.Offers, a => a.OfferId, o => o.Id, (a, o) => new { a, o })
                .Join(db.Organizations, x => x.a.BuyerOrganizationId, org => org.Id, (x, org) => new { x.a, x.o, Counterparty = org.Name })
            : allocations.Join(db.Offers, a => a.OfferId, o => o.Id, (a, o) => new { a, o })
                .Join(db.Organizations, x => x.a.ProviderOrganizationId, org => org.Id, (x, org) => new { x.a, x.o, Counterparty = org.Name }))
            .OrderByDescending(x => x.a.CreatedAtUtc)
            .Select(x => new AllocationRow(
                x.a.Id, x.o.Id, x.Counterparty, x.o.GpuModel, x.o.ServedModel, x.a.Kind, x.a.QuotaTokens,
                x.a.ConsumedInputTokens + x.a.ConsumedOutputTokens, x.a.InputPricePerMillion, x.a.OutputPricePerMillion,
                x.a.HoldAmount, x.a.CommittedAmount, x.a.AccessKeyPrefix, x.a.CreatedAtUtc, x.a.ExpiresAtUtc, x.a.Status, x.a.CloseReason)
            {
                ExpiryRule = db.TokenPackages.Where(p => p.Id == x.a.PackageId).Select(p => (PackageExpiryRule?)p.ExpiryRule).FirstOrDefault(),
            });
}
