using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using ComputeMarket.Domain.Market;
using ComputeMarket.Domain.Organizations;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Application.Market;

/// <summary>An offer's public page: its terms, price history, packages and the provider's delivery record.</summary>
public sealed record GetOffer(Guid OfferId) : IRequest<Result<OfferDetail>>;

public sealed record OfferDetail(
    Guid Id,
    Guid ProviderOrganizationId,
    string ProviderName,
    string GpuModel,
    int GpuCount,
    int VramGbPerGpu,
    string Region,
    string ServedModel,
    long ThroughputTokensPerSecond,
    DateTime AvailableFromUtc,
    DateTime AvailableUntilUtc,
    long TotalQuotaTokens,
    long RemainingTokens,
    long InputPricePerMillion,
    long OutputPricePerMillion,
    long MaxPricePerMillion,
    long MinimumPurchaseTokens,
    OfferStatus Status,
    IReadOnlyList<PricePoint> PriceHistory,
    IReadOnlyList<PackageRow> Packages,
    DeliveryRecord Delivery,
    IReadOnlyList<BuyerOrganization> MyBuyerOrganizations,
    bool ViewerIsProvider = false);

public sealed record PricePoint(DateTime EffectiveFromUtc, long InputPricePerMillion, long OutputPricePerMillion);

public sealed record PackageRow(Guid Id, string Name, long Tokens, long Price, int ValidityDays, PackageExpiryRule ExpiryRule);

/// <summary>
/// The provider's record on this platform. Tokens delivered and allocations served are counted from the same
/// allocations (every allocation the provider has opened, and the tokens metered on them), so they cannot disagree;
/// disputes and reliability come from the provider's record.
/// </summary>
public sealed record DeliveryRecord(long DeliveredTokens, int Disputes, int ReliabilityScore, int AllocationsServed);

/// <summary>An organization the signed-in person may buy for.</summary>
public sealed record BuyerOrganization(Guid Id, string Name);

internal sealed class GetOfferHandler(IAppDbContext db, ICurrentUser currentUser, IStringLocalizer<Messages> localizer) : IRequestHandler<GetOffer, Result<OfferDetail>>
{
    public async Task<Result<OfferDetail>> Handle(GetOffer request, CancellationToken cancellationToken)
    {
        var row = await db.Offers.AsNoTracking()
            .Where(o => o.Id == request.OfferId && o.Status != OfferStatus.Draft)
            .Join(db.Organizations, o => o.ProviderOrganizationId, p => p.Id, (o, p) => new { Offer = o, Provider = p })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Result<OfferDetail>.NotFound(localizer["There is no such offer."]);
        }

        var o = row.Offer;
        var history = await db.OfferPrices.Where(p => p.OfferId == o.Id).OrderBy(p => p.EffectiveFromUtc)
            .Select(p => new PricePoint(p.EffectiveFromUtc, p.InputPricePerMillion, p.OutputPricePerMillion))
            .ToListAsync(cancellationToken);
        var packages = await db.TokenPackages.Where(p => p.OfferId == o.Id && p.IsOnSale).OrderBy(p => p.Price)
            .Select(p => new PackageRow(p.Id, p.Name, p.Tokens, p.Price, p.ValidityDays, p.ExpiryRule))
            .ToListAsync(cancellationToken);
        var delivered = await db.Allocations.Where(a => a.ProviderOrganizationId == o.ProviderOrganizationId)
            .GroupBy(a => a.ProviderOrganizationId)
            .Select(g => new { Count = g.Count(), Tokens = g.Sum(a => a.ConsumedInputTokens + a.ConsumedOutputTokens) })
            .SingleOrDefaultAsync(cancellationToken);
        var viewerIsProvider = currentUser.UserId is { } viewer
            && await db.Memberships.AnyAsync(m => m.UserId == viewer && m.OrganizationId == o.ProviderOrganizationId, cancellationToken);
        var mine = currentUser.UserId is { } userId
            ? await db.Memberships.Where(m => m.UserId == userId && m.OrganizationId != o.ProviderOrganizationId && (m.Role == MembershipRole.Owner || m.Role == MembershipRole.Purchaser))
                .Join(db.Organizations, m => m.OrganizationId, org => org.Id, (m, org) => new BuyerOrganization(org.Id, org.Name))
                .ToListAsync(cancellationToken)
            : [];

        return new OfferDetail(
            o.Id, o.ProviderOrganizationId, row.Provider.Name, o.GpuModel, o.GpuCount, o.VramGbPerGpu, o.Region, o.ServedModel,
            o.ThroughputTokensPerSecond, o.AvailableFromUtc, o.AvailableUntilUtc, o.TotalQuotaTokens, o.TotalQuotaTokens - o.ReservedTokens,
            o.InputPricePerMillion, o.OutputPricePerMillion, o.MaxPricePerMillion, o.MinimumPurchaseTokens, o.Status,
            history, packages,
            new DeliveryRecord(delivered?.Tokens ?? 0, row.Provider.DisputeCount, row.Provider.ReliabilityScore, delivered?.Count ?? 0),
            mine,
            viewerIsProvider);
    }
}
