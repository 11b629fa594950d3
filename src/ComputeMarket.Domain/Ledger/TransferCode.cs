namespace ComputeMarket.Domain.Ledger;

/// <summary>Why money or credits moved. Numbers are stored; never renumber.</summary>
public enum TransferCode
{
    TopUp = 1,
    Payout = 2,
    Purchase = 3,
    Settlement = 4,
    Fee = 5,
    Release = 6,
    Refund = 7,
    Interest = 8,
    LoanDisbursement = 9,
    Repayment = 10,
    Expiry = 11,
    Correction = 12,
}
