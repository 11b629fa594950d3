using System.Security.Cryptography;
using System.Text;

namespace ComputeMarket.Application.Common.Security;

/// <summary>
/// Secrets handed to a person once (invitation links, later access and API keys). Only the SHA-256 hash
/// is stored; the secret has 256 random bits, so a plain hash without salt is enough to look it up.
/// </summary>
public static class SecretToken
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? "")));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
