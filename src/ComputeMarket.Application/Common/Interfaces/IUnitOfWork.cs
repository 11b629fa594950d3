namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>
/// The one way a use case changes the database atomically. <see cref="ExecuteAsync{T}"/> runs the use case's work as
/// one unit of work: inside the provider's execution strategy (on SQL Server and PostgreSQL a transient failure
/// replays the whole unit from its first read), in one transaction (on SQLite queued, in arrival order, behind the
/// other writers of this process). The work reads, changes entities, asks the ledger to add its rows, and calls
/// <see cref="SaveAsync"/> once it wants its changes kept; the transaction commits when the work returns. Work that
/// returns without saving leaves no trace.
/// </summary>
/// <remarks>
/// Because a unit may run more than once, its work must not do anything outside the database (no mail, no calls
/// to other systems) and must create its new ids inside the work. Units do not nest.
/// </remarks>
public interface IUnitOfWork
{
    /// <summary>Whether a unit of work is running in this scope (the ledger refuses to post outside one).</summary>
    bool IsActive { get; }

    /// <summary>Identifies the current attempt of the running unit (a replay is a new attempt); 0 outside a unit.</summary>
    long Attempt { get; }

    Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves every change of the unit, to be committed when the work returns. Returns false, and commits nothing of
    /// the unit, when another request changed a row this unit read (a concurrency token no longer matched): the use
    /// case answers with a conflict the person can act on.
    /// </summary>
    Task<bool> SaveAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells the unit how to find out, should the database drop the connection while committing, whether the commit
    /// took effect (the ledger registers "my first transfer is stored with its hash"). Without it such a unit is not
    /// replayed blindly: the failure is reported instead.
    /// </summary>
    void ConfirmCommitBy(Func<CancellationToken, Task<bool>> committed);

    /// <summary>Runs read-only work against one consistent snapshot of the database, whatever commits meanwhile.</summary>
    Task<T> ReadSnapshotAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken = default);
}
