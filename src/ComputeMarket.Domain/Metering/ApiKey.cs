using ComputeMarket.Domain.Common;

namespace ComputeMarket.Domain.Metering;

/// <summary>What an API key may do. Numbers are stored; never renumber.</summary>
public enum ApiKeyScope
{
    /// <summary>A verified provider's metering agent: reports usage and lists the allocations it serves.</summary>
    Metering = 1,

    /// <summary>Any organization's own usage, read only.</summary>
    Usage = 2,
}

/// <summary>
/// A secret an organization gives a program (a metering agent, a report) to call the API on its behalf. Only the
/// SHA-256 hash of the secret is kept, with its first characters so that people can tell keys apart.
/// </summary>
public sealed class ApiKey
{
    public const int NameMaxLength = 60;

    /// <summary>How many leading characters of the secret are kept in the clear (the scope's marker and a few more).</summary>
    public const int PrefixLength = 12;

    /// <summary>The last-used time is written at most this often, however often the key is used.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    private ApiKey()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; } = "";

    public ApiKeyScope Scope { get; private set; }

    /// <summary>SHA-256 of the secret, lower-case hex.</summary>
    public string Hash { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    public string CreatedByUserId { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? LastUsedAtUtc { get; private set; }

    public DateTime? RevokedAtUtc { get; private set; }

    public bool IsRevoked => RevokedAtUtc is not null;

    /// <summary>The marker a secret of <paramref name="scope"/> starts with: it says what the key is for when it leaks into a log.</summary>
    public static string Marker(ApiKeyScope scope) => scope == ApiKeyScope.Metering ? "cmm_" : "cmu_";

    public static ApiKey Create(Guid organizationId, string name, ApiKeyScope scope, string secret, string hash, string createdByUserId, DateTime nowUtc)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length is 0 or > NameMaxLength)
        {
            throw new DomainException($"A key's name has 1 to {NameMaxLength} characters.");
        }

        if (!Enum.IsDefined(scope))
        {
            throw new DomainException("There is no such scope.");
        }

        if (!secret.StartsWith(Marker(scope), StringComparison.Ordinal) || secret.Length <= PrefixLength)
        {
            throw new DomainException("The secret does not carry its scope's marker.");
        }

        return new ApiKey
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            Name = trimmed,
            Scope = scope,
            Hash = hash,
            Prefix = secret[..PrefixLength],
            CreatedByUserId = createdByUserId,
            CreatedAtUtc = nowUtc,
        };
    }

    /// <summary>Revoking twice changes nothing: the first time stands.</summary>
    public void Revoke(DateTime nowUtc) => RevokedAtUtc ??= nowUtc;

    /// <summary>Whether a use at <paramref name="nowUtc"/> is worth writing down (at most once per <see cref="LastUsedPrecision"/>).</summary>
    public static bool IsWorthRecording(DateTime? lastUsedAtUtc, DateTime nowUtc) =>
        lastUsedAtUtc is not { } last || nowUtc - last >= LastUsedPrecision;
}
