namespace ComputeMarket.Domain.Ledger;

/// <summary>The phase of a transfer. None is a single-phase transfer, posted at once.</summary>
[Flags]
public enum TransferFlags
{
    None = 0,

    /// <summary>Reserves the amount (pending counters) until it is posted, voided or times out.</summary>
    Pending = 1,

    /// <summary>Posts all or part of a pending transfer; the rest is released.</summary>
    PostPending = 2,

    /// <summary>Releases a pending transfer without posting anything.</summary>
    VoidPending = 4,
}
