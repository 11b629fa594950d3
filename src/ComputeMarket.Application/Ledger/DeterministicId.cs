using System.Security.Cryptography;
using System.Text;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// Transfer ids derived from what causes them ("payout-post" of payout X), so that repeating a step — a retry,
/// a second click, a job running twice — finds the transfer already there instead of moving money again.
/// </summary>
public static class DeterministicId
{
    public static Guid For(string purpose, Guid cause) => For($"{purpose}:{cause:N}");

    public static Guid For(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return new Guid(hash.AsSpan(0, 16));
    }
}
