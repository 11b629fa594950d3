using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Security;
using ComputeMarket.Domain.Metering;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Application.Metering;

/// <summary>Who is calling the API with a key: the key, its organization and what it may do.</summary>
public sealed record ApiCaller(Guid KeyId, Guid OrganizationId, ApiKeyScope Scope);

/// <summary>
/// Finds the live key a secret belongs to (by its hash) and notes that it was used — at most once a minute per key,
/// in a unit of work of its own, so that a busy metering agent does not write a row per request.
/// </summary>
public sealed class ApiKeyAuthenticator(IAppDbContext db, IUnitOfWork unitOfWork, TimeProvider clock)
{
    public async Task<ApiCaller?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (secret.Length is < 20 or > 200 || !(secret.StartsWith(ApiKey.Marker(ApiKeyScope.Metering), StringComparison.Ordinal) || secret.StartsWith(ApiKey.Marker(ApiKeyScope.Usage), StringComparison.Ordinal)))
        {
            return null;
        }

        var hash = SecretToken.Hash(secret);
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAtUtc == null)
            .Select(k => new { k.Id, k.OrganizationId, k.Scope, k.LastUsedAtUtc })
            .SingleOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (ApiKey.IsWorthRecording(key.LastUsedAtUtc, now))
        {
            var since = now - ApiKey.LastUsedPrecision;
            await unitOfWork.ExecuteAsync(
                async ct =>
                {
                    await db.ApiKeys
                        .Where(k => k.Id == key.Id && (k.LastUsedAtUtc == null || k.LastUsedAtUtc <= since))
                        .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAtUtc, now), ct);
                    return await unitOfWork.SaveAsync(ct);
                },
                cancellationToken);
        }

        return new ApiCaller(key.Id, key.OrganizationId, key.Scope);
    }
}
