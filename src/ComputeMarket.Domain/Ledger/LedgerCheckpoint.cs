using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ComputeMarket.Domain.Ledger;

/// <summary>
/// A verified state of the ledger, sealed: the chain's hash at <see cref="Sequence"/>, every account's definition and
/// counters at that point (<see cref="Accounts"/>, summarized by <see cref="AccountsDigest"/>) and the totals per
/// ledger, signed with a key kept outside the database. Verification starts from the latest checkpoint instead of
/// the first transfer, and a rewrite of history — even one that recomputes every hash and the head — no longer
/// matches a checkpoint its author could not sign.
/// </summary>
public sealed class LedgerCheckpoint
{
    private readonly List<CheckpointAccount> _accounts = [];

    private LedgerCheckpoint()
    {
    }

    public LedgerCheckpoint(long sequence, string hash, IReadOnlyList<CheckpointAccount> accounts, DateTime createdAtUtc)
    {
        if (sequence <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), "A checkpoint seals at least one transfer.");
        }

        Sequence = sequence;
        Hash = hash;
        CreatedAtUtc = LedgerRules.ToResolution(createdAtUtc);
        _accounts.AddRange(accounts.OrderBy(a => a.AccountId));
        AccountCount = _accounts.Count;
        AccountsDigest = Digest(_accounts);
        Totals = TotalsText(_accounts);
    }

    /// <summary>The last transfer the checkpoint covers.</summary>
    public long Sequence { get; private set; }

    /// <summary>The hash of transfer <see cref="Sequence"/>.</summary>
    public string Hash { get; private set; } = "";

    public int AccountCount { get; private set; }

    /// <summary>SHA-256 over every account's definition and counters at <see cref="Sequence"/>, in id order.</summary>
    public string AccountsDigest { get; private set; } = "";

    /// <summary>Σ of each counter per ledger, as text ("1:dp:dpo:cp:cpo;2:…"), 128-bit so that no sum overflows.</summary>
    public string Totals { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>Which configured key signed it (keys can be rotated; old ones stay for verifying).</summary>
    public string KeyId { get; private set; } = "";

    /// <summary>HMAC-SHA256 of <see cref="CanonicalText"/> under the key <see cref="KeyId"/>, in hex.</summary>
    public string Signature { get; private set; } = "";

    /// <summary>The account rows; kept for the latest checkpoints only (older ones keep their signed summary).</summary>
    public IReadOnlyCollection<CheckpointAccount> Accounts => _accounts;

    public string CanonicalText() => string.Join(
        '|',
        "cm-checkpoint-v1",
        Sequence.ToString(CultureInfo.InvariantCulture),
        Hash,
        AccountCount.ToString(CultureInfo.InvariantCulture),
        AccountsDigest,
        Totals,
        CreatedAtUtc.Ticks.ToString(CultureInfo.InvariantCulture),
        KeyId);

    public void Sign(string keyId, byte[] key)
    {
        KeyId = keyId;
        Signature = Mac(key);
    }

    public bool SignatureMatches(byte[] key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key)), Encoding.ASCII.GetBytes(Signature));

    /// <summary>The digest a set of account rows must have to be the ones this checkpoint sealed.</summary>
    public static string Digest(IEnumerable<CheckpointAccount> accounts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var account in accounts.OrderBy(a => a.AccountId))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(account.CanonicalText() + "\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string TotalsText(IEnumerable<CheckpointAccount> accounts) => string.Join(
        ';',
        accounts.GroupBy(a => a.Asset).OrderBy(g => g.Key).Select(g => string.Join(
            ':',
            ((int)g.Key).ToString(CultureInfo.InvariantCulture),
            Sum(g, a => a.DebitsPending),
            Sum(g, a => a.DebitsPosted),
            Sum(g, a => a.CreditsPending),
            Sum(g, a => a.CreditsPosted))));

    private static string Sum(IEnumerable<CheckpointAccount> accounts, Func<CheckpointAccount, long> counter) =>
        accounts.Aggregate(Int128.Zero, (total, a) => total + counter(a)).ToString(CultureInfo.InvariantCulture);

    private string Mac(byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(CanonicalText())));
}

/// <summary>One account as a checkpoint sealed it: what it is (asset, purpose, owner, constraint) and its counters.</summary>
public sealed class CheckpointAccount
{
    private CheckpointAccount()
    {
    }

    public CheckpointAccount(long accountId, Asset asset, AccountCode code, Guid? ownerOrganizationId, AccountFlags flags, AccountBalance balance)
    {
        AccountId = accountId;
        Asset = asset;
        Code = code;
        OwnerOrganizationId = ownerOrganizationId;
        Flags = flags;
        DebitsPending = balance.DebitsPending;
        DebitsPosted = balance.DebitsPosted;
        CreditsPending = balance.CreditsPending;
        CreditsPosted = balance.CreditsPosted;
    }

    public long CheckpointSequence { get; private set; }

    public long AccountId { get; private set; }

    public Asset Asset { get; private set; }

    public AccountCode Code { get; private set; }

    public Guid? OwnerOrganizationId { get; private set; }

    public AccountFlags Flags { get; private set; }

    public long DebitsPending { get; private set; }

    public long DebitsPosted { get; private set; }

    public long CreditsPending { get; private set; }

    public long CreditsPosted { get; private set; }

    public AccountBalance Balance => new(DebitsPending, DebitsPosted, CreditsPending, CreditsPosted);

    public string CanonicalText() => string.Join(
        '|',
        AccountId.ToString(CultureInfo.InvariantCulture),
        ((int)Asset).ToString(CultureInfo.InvariantCulture),
        ((int)Code).ToString(CultureInfo.InvariantCulture),
        OwnerOrganizationId?.ToString("N") ?? "-",
        ((int)Flags).ToString(CultureInfo.InvariantCulture),
        DebitsPending.ToString(CultureInfo.InvariantCulture),
        DebitsPosted.ToString(CultureInfo.InvariantCulture),
        CreditsPending.ToString(CultureInfo.InvariantCulture),
        CreditsPosted.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether an account is still what this row says it was (its definition; counters are checked apart).</summary>
    public bool DefinesTheSameAs(Account account) =>
        account.Id == AccountId && account.Asset == Asset && account.Code == Code && account.OwnerOrganizationId == OwnerOrganizationId && account.Flags == Flags;
}
