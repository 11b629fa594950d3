using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>A provider's listings with sold and remaining quota.</summary>
public sealed record GetMyListings(Guid ProviderOrganizationId) : IRequest<Result<IReadOnlyList<ListingRow>>>;

public sealed record ListingRow(
    Guid Id,
    string GpuModel,
    int GpuCount,
    string Region,
    string ServedModel,
    long InputPricePerMillion,
    long OutputPricePerMillion,
    long TotalQuotaTokens,
    long ReservedTokens,
    OfferStatus Status,
    DateTime AvailableUntilUtc)
{
    public long RemainingTokens => TotalQuotaTokens - ReservedTokens;

    public int PercentSold => TotalQuotaTokens == 0 ? 0 : (int)(ReservedTokens * 100 / TotalQuotaTokens);
}

internal sealed class GetMyListingsHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetMyListings, Result<IReadOnlyList<ListingRow>>>
{
    public async Task<Result<IReadOnlyList<ListingRow>>> Handle(GetMyListings request, CancellationToken cancellationToken)
    {
        if (!await db.CanSellForAsync(request.ProviderOrganizationId, currentUser.UserId, MembershipRole.Viewer, cancellationToken))
        {
            return Result<IReadOnlyList<ListingRow>>.Forbidden(localizer["Only members of a verified provider can manage listings."]);
        }

        return await db.Offers.Where(o => o.ProviderOrganizationId == request.ProviderOrganizationId)
            .OrderBy(o => o.Status).ThenByDescending(o => o.UpdatedAtUtc)
            .Select(o => new ListingRow(o.Id, o.GpuModel, o.GpuCount, o.Region, o.ServedModel, o.InputPricePerMillion, o.OutputPricePerMillion, o.TotalQuotaTokens, o.ReservedTokens, o.Status, o.AvailableUntilUtc))
            .ToListAsync(cancellationToken);
    }
}
