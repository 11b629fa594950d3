namespace ComputeMarket.Domain.Ledger;

/// <summary>The outcome of one transfer in a batch. A batch applies only when every outcome is Ok or Exists.</summary>
public enum TransferResult
{
    Ok,

    /// <summary>A transfer with this id and the same fields is already stored: nothing changed.</summary>
    Exists,

    /// <summary>Another transfer in the batch failed, so this one was not applied either.</summary>
    LinkedTransferFailed,
    ExistsWithDifferentFields,
    DuplicateIdInBatch,
    AmountMustBePositive,
    AccountsMustDiffer,
    DebitAccountNotFound,
    CreditAccountNotFound,
    AccountsOnDifferentLedgers,
    ExceedsCredits,
    ExceedsDebits,
    FlagsAreInvalid,
    ReferenceTooLong,
    TimeoutRequiresPending,
    TimeoutTooLong,
    PendingIdRequired,
    PendingTransferNotFound,
    PendingTransferAlreadyResolved,
    PendingTransferExpired,
    ExceedsPendingAmount,
    AccountsDifferFromPending,
    Overflow,

    /// <summary>A timeout below zero. (Zero means none.)</summary>
    TimeoutMustNotBeNegative,

    /// <summary>The reference is not well-formed UTF-16 (a lone surrogate), so it has no exact UTF-8 for the hash.</summary>
    ReferenceIsNotValidText,
}
