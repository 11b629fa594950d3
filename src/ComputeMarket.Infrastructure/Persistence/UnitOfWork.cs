using System.Data;
using ComputeMarket.Application.Common.Interfaces;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComputeMarket.Infrastructure.Persistence;

/// <summary>
/// The only code that opens database transactions (a test checks it). See <see cref="IUnitOfWork"/> for the
/// contract; this is how each provider keeps it:
/// <list type="bullet">
/// <item>SQL Server and PostgreSQL run with EF Core's retrying execution strategy. The whole unit — begin, reads,
/// writes, commit — is the strategy's operation, so a transient failure replays it from the start on a clean
/// change tracker. If the connection drops during the commit itself, the unit's registered confirmation (the ledger's
/// "first transfer stored with its hash") decides whether it took effect; without one the failure is reported rather
/// than risk applying the unit twice.</item>
/// <item>SQLite has no retries; its units first queue in <see cref="SqliteWriteQueue"/>, then begin an immediate
/// (writing) transaction.</item>
/// <item>Snapshots: a deferred read transaction on SQLite (WAL keeps one snapshot from its first read), REPEATABLE
/// READ on PostgreSQL (a snapshot for the whole transaction), SNAPSHOT on SQL Server (enabled by a migration).</item>
/// </list>
/// </summary>
public sealed class UnitOfWork(AppDbContext db, DatabaseOptions database, SqliteWriteQueue? writeQueue = null) : IUnitOfWork
{
    private bool _active;
    private long _attempt;
    private long _attempts;
    private bool _saved;
    private bool _saveFailed;
    private bool _committing;
    private object? _committedResult;
    private Func<CancellationToken, Task<bool>>? _confirmation;

    public bool IsActive => _active;

    public long Attempt => _active ? _attempt : 0;

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (_active)
        {
            throw new InvalidOperationException("Units of work do not nest: this scope is already running one.");
        }

        if (db.ChangeTracker.HasChanges())
        {
            throw new InvalidOperationException("Save or discard the changes made outside a unit of work before starting one.");
        }

        _active = true;
        var lease = writeQueue is null ? null : await writeQueue.EnterAsync(cancellationToken);
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            return await strategy.ExecuteAsync(
                work,
                async (_, unitWork, token) => await AttemptAsync(unitWork, token),
                async (_, _, token) => await VerifyCommitAsync<T>(token),
                cancellationToken);
        }
        finally
        {
            lease?.Dispose();
            db.ChangeTracker.Clear();
            Reset();
            _active = false;
        }
    }

    public async Task<bool> SaveAsync(CancellationToken cancellationToken = default)
    {
        if (!_active)
        {
            throw new InvalidOperationException("SaveAsync belongs inside IUnitOfWork.ExecuteAsync.");
        }

        if (_saveFailed)
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            _saved = true;
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            _saveFailed = true;
            return false;
        }
    }

    public void ConfirmCommitBy(Func<CancellationToken, Task<bool>> committed)
    {
        if (!_active)
        {
            throw new InvalidOperationException("A commit confirmation belongs to a unit of work.");
        }

        _confirmation ??= committed;
    }

    public async Task<T> ReadSnapshotAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        if (_active)
        {
            throw new InvalidOperationException("A snapshot read is not part of a unit of work.");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            read,
            async (_, snapshotRead, token) =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await BeginSnapshotAsync(token);
                try
                {
                    return await snapshotRead(token);
                }
                finally
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    if (database.Provider == DatabaseProvider.Sqlite)
                    {
                        await db.Database.CloseConnectionAsync();
                    }
                }
            },
            null,
            cancellationToken);
    }

    private async Task<T> AttemptAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Reset();
        _attempt = ++_attempts;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(cancellationToken);
        if (_saved && !_saveFailed)
        {
            _committedResult = result;
            _committing = true;

            // Not cancellable: a commit abandoned half-way leaves the outcome unknown.
            await transaction.CommitAsync(CancellationToken.None);
            _committing = false;
        }

        return result;
    }

    private async Task<ExecutionResult<T>> VerifyCommitAsync<T>(CancellationToken cancellationToken)
    {
        if (!_committing)
        {
            // The failure came before the commit: nothing of the attempt is stored, so it can run again.
            return new ExecutionResult<T>(false, default!);
        }

        if (_confirmation is null)
        {
            throw new InvalidOperationException("The connection failed while committing and this unit of work cannot tell whether its commit took effect; it is not replayed.");
        }

        db.ChangeTracker.Clear();
        return await _confirmation(cancellationToken)
            ? new ExecutionResult<T>(true, (T)_committedResult!)
            : new ExecutionResult<T>(false, default!);
    }

    private async Task<IDbContextTransaction> BeginSnapshotAsync(CancellationToken cancellationToken)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                // A deferred transaction takes no write lock; in WAL mode its first read fixes the snapshot.
                await db.Database.OpenConnectionAsync(cancellationToken);
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                return await db.Database.UseTransactionAsync(connection.BeginTransaction(deferred: true), cancellationToken)
                    ?? throw new InvalidOperationException("The snapshot transaction could not be used.");
            case DatabaseProvider.SqlServer:
                return await db.Database.BeginTransactionAsync(IsolationLevel.Snapshot, cancellationToken);
            default:
                return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        }
    }

    private void Reset()
    {
        _saved = false;
        _saveFailed = false;
        _committing = false;
        _committedResult = null;
        _confirmation = null;
    }
}
