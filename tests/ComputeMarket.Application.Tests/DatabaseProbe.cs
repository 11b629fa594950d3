using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ComputeMarket.Application.Tests;

/// <summary>
/// Lets a test stop or break the database conversation of one flow of work at a chosen point — pause after a
/// query, fail a command or a commit with a transient error — so that interleavings a race only sometimes produces
/// happen every time. It is registered in every slice fixture and does nothing until a test arms it; arming is
/// per asynchronous flow, so other work on the same database is untouched.
/// </summary>
public sealed class DatabaseProbe
{
    private static readonly AsyncLocal<Plan?> Armed = new();

    /// <summary>Arms <paramref name="plan"/> for the calling flow (and the work it awaits) until disposed.</summary>
    public static IDisposable Arm(Plan plan)
    {
        Armed.Value = plan;
        return new Disarm();
    }

    internal static Plan? Current => Armed.Value;

    /// <summary>What to do to the armed flow's commands and commit.</summary>
    public sealed class Plan
    {
        private int _commandFailures;
        private int _commitFailures;

        /// <summary>After the first reader whose SQL matches, signal <see cref="Paused"/> and wait for <see cref="Resume"/>.</summary>
        public Func<string, bool>? PauseAfter { get; init; }

        public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Commands whose SQL matches fail with a transient error, this many times.</summary>
        public Func<string, bool>? FailCommand { get; init; }

        public int CommandFailures { init => _commandFailures = value; }

        /// <summary>Fail commands with an error that no retry cures (a bug, a broken constraint) instead of a transient one.</summary>
        public bool Permanently { get; init; }

        /// <summary>Commits fail with a transient error this many times, before or after the database commits.</summary>
        public int CommitFailures { init => _commitFailures = value; }

        public bool FailAfterCommit { get; init; }

        private int _transactions;

        /// <summary>How many transactions the flow began (a replayed unit of work begins another).</summary>
        public int Transactions => _transactions;

        internal void CountTransaction() => Interlocked.Increment(ref _transactions);

        internal bool ShouldPause(string sql) => PauseAfter is { } match && !Paused.Task.IsCompleted && match(sql);

        internal bool ShouldFail(string sql) => FailCommand is { } match && match(sql) && Interlocked.Decrement(ref _commandFailures) >= 0;

        internal bool ShouldFailCommit() => Interlocked.Decrement(ref _commitFailures) >= 0;
    }

    internal static Exception Transient(string what) => new NpgsqlException($"Simulated loss of the connection during {what}.", new TimeoutException());

    private sealed class Disarm : IDisposable
    {
        public void Dispose() => Armed.Value = null;
    }
}

internal sealed class ProbeCommands : DbCommandInterceptor
{
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Fail(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Fail(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Fail(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (DatabaseProbe.Current is { } plan && plan.ShouldPause(command.CommandText))
        {
            plan.Paused.TrySetResult();
            await plan.Resume.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }

        return await base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    private static void Fail(DbCommand command)
    {
        if (DatabaseProbe.Current is { } plan && plan.ShouldFail(command.CommandText))
        {
            throw plan.Permanently ? new InvalidOperationException("Simulated failure of a command.") : DatabaseProbe.Transient("a command");
        }
    }
}

internal sealed class ProbeTransactions : DbTransactionInterceptor
{
    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (DatabaseProbe.Current is { } plan)
        {
            plan.CountTransaction();
        }

        return base.TransactionStartedAsync(connection, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (DatabaseProbe.Current is { FailAfterCommit: false } plan && plan.ShouldFailCommit())
        {
            throw DatabaseProbe.Transient("the commit");
        }

        return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (DatabaseProbe.Current is { FailAfterCommit: true } plan && plan.ShouldFailCommit())
        {
            throw DatabaseProbe.Transient("the acknowledgement of the commit");
        }

        return base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
    }
}
