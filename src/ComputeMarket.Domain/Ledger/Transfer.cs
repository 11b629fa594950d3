using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ComputeMarket.Domain.Ledger;

/// <summary>
/// An immutable, append-only movement of an amount from one account to another on one asset's ledger. Each
/// carries a SHA-256 hash over its canonical fields and its predecessor's hash, so that altering or removing
/// any stored row breaks the chain from that row on.
/// </summary>
public sealed class Transfer
{
    public const int ReferenceMaxLength = 100;
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private Transfer()
    {
    }

    internal Transfer(
        long sequence,
        Guid id,
        long debitAccountId,
        long creditAccountId,
        long amount,
        Asset asset,
        TransferCode code,
        TransferFlags flags,
        Guid? pendingId,
        DateTime? expiresAtUtc,
        string reference,
        DateTime timestampUtc,
        string previousHash)
    {
        Sequence = sequence;
        Id = id;
        DebitAccountId = debitAccountId;
        CreditAccountId = creditAccountId;
        Amount = amount;
        Asset = asset;
        Code = code;
        Flags = flags;
        PendingId = pendingId;
        ExpiresAtUtc = expiresAtUtc;
        Reference = reference;
        TimestampUtc = timestampUtc;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    /// <summary>Position in the single, gap-free chain of all transfers (1, 2, 3, …).</summary>
    public long Sequence { get; private set; }

    /// <summary>The client-supplied id: retrying a transfer with the same id changes nothing.</summary>
    public Guid Id { get; private set; }

    public long DebitAccountId { get; private set; }

    public long CreditAccountId { get; private set; }

    /// <summary>In the asset's smallest unit (fen, or TOK). For a post, what was posted; for a void, what was released.</summary>
    public long Amount { get; private set; }

    public Asset Asset { get; private set; }

    public TransferCode Code { get; private set; }

    public TransferFlags Flags { get; private set; }

    /// <summary>For a post or a void: the pending transfer it resolves (unique, so a pending resolves once).</summary>
    public Guid? PendingId { get; private set; }

    /// <summary>For a pending transfer with a timeout: after this instant it can only be voided.</summary>
    public DateTime? ExpiresAtUtc { get; private set; }

    /// <summary>What caused the transfer, for example <c>topup:{id}</c> or <c>order:{id}</c>.</summary>
    public string Reference { get; private set; } = "";

    public DateTime TimestampUtc { get; private set; }

    public string PreviousHash { get; private set; } = GenesisHash;

    public string Hash { get; private set; } = "";

    public bool IsPending => Flags.HasFlag(TransferFlags.Pending);

    /// <summary>The canonical text the hash covers: every field, in a fixed order and format.</summary>
    public string CanonicalText() => string.Join(
        '|',
        "v1",
        Sequence.ToString(CultureInfo.InvariantCulture),
        Id.ToString("N"),
        DebitAccountId.ToString(CultureInfo.InvariantCulture),
        CreditAccountId.ToString(CultureInfo.InvariantCulture),
        Amount.ToString(CultureInfo.InvariantCulture),
        ((int)Asset).ToString(CultureInfo.InvariantCulture),
        ((int)Code).ToString(CultureInfo.InvariantCulture),
        ((int)Flags).ToString(CultureInfo.InvariantCulture),
        PendingId?.ToString("N") ?? "-",
        ExpiresAtUtc?.Ticks.ToString(CultureInfo.InvariantCulture) ?? "-",
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Reference)),
        TimestampUtc.Ticks.ToString(CultureInfo.InvariantCulture),
        PreviousHash);

    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText())));
}
