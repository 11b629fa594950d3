using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>A buyer cancels an open allocation: the consumed part is posted, the rest of the hold released, unused quota returned.</summary>
public sealed record CancelAllocation(Guid BuyerOrganizationId, Guid AllocationId) : IRequest<Result<AllocationClosing>>;

internal sealed class CancelAllocationHandler(IAppDbContext db, AllocationCloser closer, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<CancelAllocation, Result<AllocationClosing>>
{
    public async Task<Result<AllocationClosing>> Handle(CancelAllocation request, CancellationToken cancellationToken)
    {
        if (!(await db.RoleInAsync(request.BuyerOrganizationId, currentUser.UserId, cancellationToken)).IsAtLeast(MembershipRole.Purchaser))
        {
            return Result<AllocationClosing>.Forbidden(localizer["Only owners and purchasers of the organization can cancel allocations."]);
        }

        return await closer.CloseAsync(request.AllocationId, request.BuyerOrganizationId, AllocationCloseReason.Cancelled, cancellationToken);
    }
}
