using ComputeMarket.Domain.Ledger;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Application.Ledger;

/// <summary>
/// The "Ledger:Seal" configuration section: the key that signs ledger checkpoints. It must not live in the
/// application database (someone who can rewrite the ledger could then re-sign it): keep it in the secret store or
/// the environment (<c>Ledger__Seal__Key</c>). Rotate by giving a new <see cref="KeyId"/> and <see cref="Key"/> and
/// moving the old pair to <see cref="RetiredKeys"/>, so that checkpoints signed before still verify.
/// </summary>
public sealed class LedgerSealOptions
{
    public const string Section = "Ledger:Seal";

    public string? KeyId { get; set; }

    /// <summary>Base64 of at least 32 random bytes (for example <c>openssl rand -base64 32</c>).</summary>
    public string? Key { get; set; }

    /// <summary>Earlier keys by id, for verifying checkpoints they signed; never used to sign.</summary>
    public Dictionary<string, string> RetiredKeys { get; set; } = [];
}

/// <summary>Signs checkpoints with the configured key and checks their signatures with any key ever configured.</summary>
public sealed class LedgerSeal(IOptions<LedgerSealOptions> options)
{
    private const int MinimumKeyBytes = 32;

    /// <summary>Why checkpoints cannot be signed here, or null when they can.</summary>
    public string? WhyCannotSign =>
        string.IsNullOrWhiteSpace(options.Value.KeyId) || string.IsNullOrWhiteSpace(options.Value.Key) ? "No seal key is configured (Ledger:Seal:KeyId and Ledger:Seal:Key)."
        : Decode(options.Value.Key) is null ? "The configured seal key is not base64 of at least 32 bytes."
        : null;

    public void Sign(LedgerCheckpoint checkpoint) =>
        checkpoint.Sign(options.Value.KeyId!, Decode(options.Value.Key!) ?? throw new InvalidOperationException(WhyCannotSign));

    /// <summary>Why the checkpoint's signature does not hold, or null when it does.</summary>
    public string? WhySignatureFails(LedgerCheckpoint checkpoint)
    {
        var encoded = checkpoint.KeyId == options.Value.KeyId ? options.Value.Key : options.Value.RetiredKeys.GetValueOrDefault(checkpoint.KeyId);
        if (string.IsNullOrWhiteSpace(encoded) || Decode(encoded) is not { } key)
        {
            return $"Checkpoint #{checkpoint.Sequence} was signed with key '{checkpoint.KeyId}', which is not configured here.";
        }

        return checkpoint.SignatureMatches(key) ? null : $"Checkpoint #{checkpoint.Sequence} does not carry a valid signature: it was altered or forged.";
    }

    private static byte[]? Decode(string encoded)
    {
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var length) && length >= MinimumKeyBytes ? buffer[..length] : null;
    }
}
