using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComputeMarket.Benchmarks;

/// <summary>A SQL command EF Core executed, with its parameters, so that its plan can be asked for afterwards.</summary>
internal sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters, TimeSpan Duration);

/// <summary>
/// Listens to EF Core's diagnostic events and records the commands executed while capturing is on. Requests are
/// sent one at a time and the job server is off, so every command seen belongs to the request being looked at.
/// </summary>
internal sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<CapturedCommand> _commands = [];
    private readonly Lock _gate = new();
    private volatile bool _capturing;

    public SqlCapture() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public void Begin()
    {
        lock (_gate)
        {
            _commands.Clear();
        }

        _capturing = true;
    }

    public IReadOnlyList<CapturedCommand> End()
    {
        _capturing = false;
        lock (_gate)
        {
            return [.. _commands];
        }
    }

    /// <summary>SQLite's plan for a captured command, one line per step, indented by depth.</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(string databasePath, CapturedCommand command)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var depth = new Dictionary<long, int>();
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetInt64(0);
            var level = depth.TryGetValue(reader.GetInt64(1), out var parent) ? parent + 1 : 0;
            depth[id] = level;
            lines.Add(new string(' ', level * 2) + reader.GetString(3));
        }

        return lines;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(value.Subscribe(this, (name, _, _) => _capturing && name == RelationalEventId.CommandExecuted.Name));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is CommandExecutedEventData executed)
        {
            var parameters = executed.Command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
            lock (_gate)
            {
                _commands.Add(new CapturedCommand(executed.Command.CommandText, parameters, executed.Duration));
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }
}
