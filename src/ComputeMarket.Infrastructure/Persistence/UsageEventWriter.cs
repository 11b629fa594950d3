using System.Data.Common;
using System.Globalization;
using System.Text;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Domain.Metering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComputeMarket.Infrastructure.Persistence;

/// <summary>
/// Multi-row inserts that skip what is stored already: <c>ON CONFLICT DO NOTHING</c> on SQLite and PostgreSQL, and on
/// SQL Server an insert of the rows no one has (under <c>UPDLOCK, HOLDLOCK</c>, so a racing request waits rather than
/// failing on the unique index). Values are written in the forms EF Core writes (<see cref="SqliteStoredForms"/> on
/// SQLite), so EF Core reads and compares them as its own.
/// </summary>
internal sealed class UsageEventWriter(AppDbContext db, DatabaseOptions database) : IUsageEventWriter
{
    private const int Columns = 7;

    public async Task<int> InsertNewAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Usage events are stored inside a unit of work.");
        var connection = transaction.Connection!;

        // SQL Server takes at most 2,100 parameters a command.
        var rowsPerCommand = database.Provider == DatabaseProvider.SqlServer ? 2_000 / Columns : 1_000;
        var inserted = 0;
        foreach (var chunk in events.Chunk(rowsPerCommand))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Sql(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var e = chunk[i];
                Add(command, $"@o{i}", Uuid(e.ProviderOrganizationId));
                Add(command, $"@e{i}", e.EventId);
                Add(command, $"@a{i}", Uuid(e.AllocationId));
                Add(command, $"@i{i}", e.InputTokens);
                Add(command, $"@u{i}", e.OutputTokens);
                Add(command, $"@t{i}", Time(e.OccurredAtUtc));
                Add(command, $"@r{i}", Time(e.ReceivedAtUtc));
            }

            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    private string Sql(int rows)
    {
        var sql = new StringBuilder();
        var values = string.Join(",", Enumerable.Range(0, rows).Select(i => $"(@o{i},@e{i},@a{i},@i{i},@u{i},@t{i},@r{i},0)"));
        if (database.Provider == DatabaseProvider.SqlServer)
        {
            sql.Append("INSERT INTO [UsageEvents] ([ProviderOrganizationId],[EventId],[AllocationId],[InputTokens],[OutputTokens],[OccurredAtUtc],[ReceivedAtUtc],[Flags]) ")
                .Append("SELECT v.o,v.e,v.a,v.i,v.u,v.t,v.r,v.f FROM (VALUES ").Append(values).Append(") AS v(o,e,a,i,u,t,r,f) ")
                .Append("WHERE NOT EXISTS (SELECT 1 FROM [UsageEvents] AS s WITH (UPDLOCK, HOLDLOCK) WHERE s.[ProviderOrganizationId] = v.o AND s.[EventId] = v.e);");
        }
        else
        {
            sql.Append("INSERT INTO \"UsageEvents\" (\"ProviderOrganizationId\",\"EventId\",\"AllocationId\",\"InputTokens\",\"OutputTokens\",\"OccurredAtUtc\",\"ReceivedAtUtc\",\"Flags\") VALUES ")
                .Append(values)
                .Append(" ON CONFLICT (\"ProviderOrganizationId\",\"EventId\") DO NOTHING;");
        }

        return sql.ToString();
    }

    private object Uuid(Guid value) => database.Provider == DatabaseProvider.Sqlite ? value.ToString().ToUpperInvariant() : value;

    private object Time(DateTime value) => database.Provider == DatabaseProvider.Sqlite
        ? value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
        : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
