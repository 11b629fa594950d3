using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Metering;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Metering;

public static class PlatformFees
{
    /// <summary>The fee rate in force at <paramref name="nowUtc"/>: the latest set before it, or the default.</summary>
    public static async Task<int> BasisPointsAtAsync(this IAppDbContext db, DateTime nowUtc, CancellationToken cancellationToken) =>
        await db.PlatformFeeRates.AsNoTracking()
            .Where(r => r.EffectiveFromUtc <= nowUtc)
            .OrderByDescending(r => r.EffectiveFromUtc).ThenByDescending(r => r.Id)
            .Select(r => (int?)r.BasisPoints)
            .FirstOrDefaultAsync(cancellationToken) ?? PlatformFeeRate.DefaultBasisPoints;
}
