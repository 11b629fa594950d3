using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Application.Organizations;
using ComputeMarket.Domain.Market;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

public sealed record AllocationRow(
    Guid Id,
    Guid OfferId,
    string CounterpartyName,
    string GpuModel,
    string ServedModel,
    AllocationKind Kind,
    long QuotaTokens,
    long ConsumedTokens,
    long InputPricePerMillion,
    long OutputPricePerMillion,
    long HoldAmount,
    long CommittedAmount,
    string AccessKeyPrefix,
    DateTime CreatedAtUtc,
    DateTime ExpiresAtUtc,
    AllocationStatus Status,
    AllocationCloseReason? CloseReason)
{
    public int PercentUsed => QuotaTokens == 0 ? 0 : (int)Math.Min(100, ConsumedTokens * 100 / QuotaTokens);

    /// <summary>A package's rule for its unused value (refunded to the buyer or forfeited to the provider); null on demand.</summary>
    public PackageExpiryRule? ExpiryRule { get; init; }

    /// <summary>Whether the person asking may cancel it: an owner or purchaser of the buyer, while it is active.</summary>
    public bool CanCancel { get; init; }

    /// <summary>Reported, settled and waiting usage with the latest events; filled for one allocation's page only.</summary>
    public AllocationUsage? Usage { get; init; }
}

/// <summary>A buyer's allocations (newest first), or a provider's allocations to serve.</summary>
public sealed record GetAllocations(Guid OrganizationId, bool AsProvider = false, bool ActiveOnly = false) : IRequest<Result<IReadOnlyList<AllocationRow>>>;

internal sealed class GetAllocationsHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetAllocations, Result<IReadOnlyList<AllocationRow>>>
{
    public async Task<Result<IReadOnlyList<AllocationRow>>> Handle(GetAllocations request, CancellationToken cancellationToken)
    {
        if (await db.RoleInAsync(request.OrganizationId, currentUser.UserId, cancellationToken) is null)
        {
            return Result<IReadOnlyList<AllocationRow>>.Forbidden(localizer["You are not a member of this organization."]);
        }

        var allocations = request.AsProvider
            ? db.Allocations.Where(a => a.ProviderOrganizationId == request.OrganizationId)
            : db.Allocations.Where(a => a.BuyerOrganizationId == request.OrganizationId);
        if (request.ActiveOnly)
        {
            allocations = allocations.Where(a => a.Status == AllocationStatus.Active);
        }

        return (await allocations.ToRows(db, request.AsProvider).Take(200).ToListAsync(cancellationToken)).AsReadOnly();
    }
}
