namespace ComputeMarket.Domain.Metering;

/// <summary>Why a batch ran: the recurring job (or "settle now"), or an allocation closing with usage outstanding.</summary>
public enum SettlementKind
{
    Scheduled = 1,
    Closing = 2,
}

/// <summary>
/// One settlement transaction: the events it took, and per allocation what they cost, what moved to the provider and
/// what the platform kept. Its id derives from what it took, so a rerun after a crash is the same batch.
/// </summary>
public sealed class SettlementBatch
{
    private readonly List<SettlementLine> _lines = [];

    private SettlementBatch()
    {
    }

    public SettlementBatch(Guid id, SettlementKind kind, DateTime startedAtUtc)
    {
        Id = id;
        Kind = kind;
        StartedAtUtc = startedAtUtc;
    }

    public Guid Id { get; private set; }

    public SettlementKind Kind { get; private set; }

    public DateTime StartedAtUtc { get; private set; }

    /// <summary>How long the batch took to prepare, up to its commit.</summary>
    public long DurationMilliseconds { get; private set; }

    public int EventCount { get; private set; }

    public int AllocationCount { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    /// <summary>What buyers were charged (on demand: taken from holds; packages: released from escrow).</summary>
    public long ChargedAmount { get; private set; }

    /// <summary>The platform's fee out of <see cref="ChargedAmount"/>.</summary>
    public long FeeAmount { get; private set; }

    /// <summary>Tokens stored but flagged: over quota or late.</summary>
    public long FlaggedTokens { get; private set; }

    public IReadOnlyList<SettlementLine> Lines => _lines;

    public void Add(SettlementLine line)
    {
        _lines.Add(line);
        EventCount += line.EventCount;
        AllocationCount++;
        InputTokens += line.InputTokens;
        OutputTokens += line.OutputTokens;
        ChargedAmount += line.ChargedAmount;
        FeeAmount += line.FeeAmount;
        FlaggedTokens += line.OverQuotaTokens + line.LateTokens;
    }

    public void Finish(TimeSpan duration) => DurationMilliseconds = (long)duration.TotalMilliseconds;
}

/// <summary>One allocation's part of a batch.</summary>
public sealed class SettlementLine
{
    private SettlementLine()
    {
    }

    public SettlementLine(
        Guid batchId,
        Guid allocationId,
        Guid buyerOrganizationId,
        Guid providerOrganizationId,
        int eventCount,
        long inputTokens,
        long outputTokens,
        long chargedAmount,
        long feeAmount,
        long overQuotaTokens,
        long lateTokens)
    {
        BatchId = batchId;
        AllocationId = allocationId;
        BuyerOrganizationId = buyerOrganizationId;
        ProviderOrganizationId = providerOrganizationId;
        EventCount = eventCount;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        ChargedAmount = chargedAmount;
        FeeAmount = feeAmount;
        OverQuotaTokens = overQuotaTokens;
        LateTokens = lateTokens;
    }

    public Guid BatchId { get; private set; }

    public Guid AllocationId { get; private set; }

    public Guid BuyerOrganizationId { get; private set; }

    public Guid ProviderOrganizationId { get; private set; }

    public int EventCount { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public long ChargedAmount { get; private set; }

    public long FeeAmount { get; private set; }

    public long OverQuotaTokens { get; private set; }

    public long LateTokens { get; private set; }
}
