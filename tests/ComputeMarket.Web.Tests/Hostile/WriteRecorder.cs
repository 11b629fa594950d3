using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComputeMarket.Web.Tests.Hostile;

/// <summary>
/// Sees every command the app's contexts send and every set of changes they save. It counts the statements that
/// insert, update or delete rows (by table), so a test can tell whether a request wrote anything at all — an update
/// as well as a new row — and it notes text longer than its column allows or outside the characters a non-Unicode
/// column stores: SQLite keeps such text, the server engines refuse or mangle it. Statements inside a transaction
/// count when it commits: a unit of work that takes the ledger's lock and is then refused writes nothing.
/// </summary>
public sealed partial class WriteRecorder : DbCommandInterceptor, ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly Lock _lock = new();
    private readonly List<string> _writes = [];
    private readonly Dictionary<DbTransaction, List<string>> _uncommitted = [];
    private readonly List<string> _unstorable = [];

    public int WriteCount
    {
        get
        {
            lock (_lock)
            {
                return _writes.Count;
            }
        }
    }

    public int UnstorableCount
    {
        get
        {
            lock (_lock)
            {
                return _unstorable.Count;
            }
        }
    }

    public IReadOnlyList<string> WritesSince(int mark)
    {
        lock (_lock)
        {
            return _writes.Skip(mark).ToList();
        }
    }

    public IReadOnlyList<string> UnstorableSince(int mark)
    {
        lock (_lock)
        {
            return _unstorable.Skip(mark).ToList();
        }
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(command, result);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command, result);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(command, rows: null);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command, rows: null);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(command, rows: null);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command, rows: null);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Inspect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inspect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command, int? rows)
    {
        // A statement that matched no row wrote nothing (an update guarded by a version, a delete of what is gone).
        if (rows == 0)
        {
            return;
        }

        var tables = Statement().Matches(command.CommandText).Select(m => $"{m.Groups["verb"].Value.Split(' ')[0].ToUpperInvariant()} {m.Groups["table"].Value}").ToList();
        if (tables.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (command.Transaction is { } transaction)
            {
                _uncommitted.TryAdd(transaction, []);
                _uncommitted[transaction].AddRange(tables);
            }
            else
            {
                _writes.AddRange(tables);
            }
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => End(transaction, committed: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(transaction, committed: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => End(transaction, committed: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(transaction, committed: false);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => End(transaction, committed: false);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        End(transaction, committed: false);
        return Task.CompletedTask;
    }

    private void End(DbTransaction transaction, bool committed)
    {
        lock (_lock)
        {
            if (_uncommitted.Remove(transaction, out var tables) && committed)
            {
                _writes.AddRange(tables);
            }
        }
    }

    private void Inspect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            foreach (var property in entry.Properties.Where(p => p.Metadata.ClrType == typeof(string) && (entry.State == EntityState.Added || p.IsModified)))
            {
                if (property.CurrentValue is not string text)
                {
                    continue;
                }

                var name = $"{entry.Metadata.ClrType.Name}.{property.Metadata.Name}";
                if (property.Metadata.GetMaxLength() is { } max && text.Length > max)
                {
                    Note($"{name}: {text.Length} characters into a column of {max}");
                }

                if (property.Metadata.IsUnicode() == false && text.Any(c => c > 127))
                {
                    Note($"{name}: non-ASCII text into a non-Unicode column");
                }
            }
        }
    }

    private void Note(string problem)
    {
        lock (_lock)
        {
            _unstorable.Add(problem);
        }
    }

    [GeneratedRegex("""(?:^|;)\s*(?<verb>INSERT\s+INTO|INSERT\s+OR\s+\w+\s+INTO|UPDATE|DELETE\s+FROM)\s+["`\[]?(?<table>\w+)""", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Statement();
}
