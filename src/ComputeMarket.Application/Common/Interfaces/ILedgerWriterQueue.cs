namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>
/// Makes ledger writers wait their turn in arrival order where the database's own row lock does not. The ledger joins
/// it at the start of its write lock; the place is held until the unit of work ends.
/// </summary>
public interface ILedgerWriterQueue
{
    Task JoinAsync(CancellationToken cancellationToken);
}
