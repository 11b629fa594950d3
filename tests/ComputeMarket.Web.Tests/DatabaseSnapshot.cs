using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ComputeMarket.Web.Tests;

/// <summary>
/// Every table of the app's SQLite file as a row count and a hash of its contents, so that comparing two snapshots
/// tells not only that rows were added or removed but also that one was changed in place (a role, a revocation).
/// </summary>
public sealed class DatabaseSnapshot
{
    private readonly Dictionary<string, (long Rows, string Hash)> _tables;

    private DatabaseSnapshot(Dictionary<string, (long Rows, string Hash)> tables) => _tables = tables;

    public static async Task<DatabaseSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        var tables = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var read = connection.CreateCommand();
            read.CommandText = $"SELECT * FROM \"{name}\"";
            await using var reader = await read.ExecuteReaderAsync();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "\0null" : reader.GetValue(i) is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                    hash.AppendData(Encoding.UTF8.GetBytes(value + "\u001f"));
                }

                hash.AppendData("\u001e"u8);
            }

            tables[name] = (rows, Convert.ToHexString(hash.GetHashAndReset()));
        }

        return new DatabaseSnapshot(tables);
    }

    /// <summary>What changed from <paramref name="before"/> to this snapshot, one line per table: "Allocations 3 → 4 rows".</summary>
    public IReadOnlyList<string> ChangesSince(DatabaseSnapshot before) =>
    [
        .. _tables.Keys.Union(before._tables.Keys)
            .Order(StringComparer.Ordinal)
            .Where(name => !_tables.TryGetValue(name, out var now) || !before._tables.TryGetValue(name, out var then) || now != then)
            .Select(name =>
            {
                var then = before._tables.GetValueOrDefault(name);
                var now = _tables.GetValueOrDefault(name);
                return then.Rows == now.Rows ? $"{name} (rows changed in place)" : $"{name} {then.Rows} → {now.Rows} rows";
            }),
    ];
}
