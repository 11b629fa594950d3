namespace ComputeMarket.Domain.Ledger;

/// <summary>
/// What a caller asks the ledger to do. For a post or a void, the accounts come from the pending transfer and
/// may be left 0; a void releases the whole pending amount (Amount 0 or that amount). A Timeout of zero is the same
/// as none.
/// </summary>
public sealed record TransferRequest(
    Guid Id,
    long DebitAccountId,
    long CreditAccountId,
    long Amount,
    TransferCode Code,
    string Reference,
    TransferFlags Flags = TransferFlags.None,
    Guid? PendingId = null,
    TimeSpan? Timeout = null)
{
    public static TransferRequest Post(Guid id, Guid pendingId, long amount, TransferCode code, string reference) =>
        new(id, 0, 0, amount, code, reference, TransferFlags.PostPending, pendingId);

    public static TransferRequest Void(Guid id, Guid pendingId, TransferCode code, string reference) =>
        new(id, 0, 0, 0, code, reference, TransferFlags.VoidPending, pendingId);
}
