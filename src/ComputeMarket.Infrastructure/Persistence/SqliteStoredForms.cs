using ComputeMarket.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace ComputeMarket.Infrastructure.Persistence;

/// <summary>
/// The one text form EF Core writes for each value SQLite keeps as text — an upper-case GUID, a time as
/// "yyyy-MM-dd HH:mm:ss" with up to seven decimals and no trailing zero — as SQL conditions. The SQLite database
/// refuses any other form in the ledger's tables (CHECK constraints), and the verifier reports one that got in anyway.
/// </summary>
public static class SqliteStoredForms
{
    private const string Hex = "[0-9A-F]";
    private const string Digit = "[0-9]";

    public static string Uuid(string column) =>
        $"(typeof(\"{column}\") = 'text' AND \"{column}\" GLOB '{Repeat(Hex, 8)}-{Repeat(Hex, 4)}-{Repeat(Hex, 4)}-{Repeat(Hex, 4)}-{Repeat(Hex, 12)}')";

    public static string NullableGuid(string column) => $"(\"{column}\" IS NULL OR {Uuid(column)})";

    public static string Time(string column) =>
        $"(typeof(\"{column}\") = 'text' AND \"{column}\" GLOB '{Repeat(Digit, 4)}-{Repeat(Digit, 2)}-{Repeat(Digit, 2)} {Repeat(Digit, 2)}:{Repeat(Digit, 2)}:{Repeat(Digit, 2)}*'"
        + $" AND (length(\"{column}\") = 19 OR (length(\"{column}\") BETWEEN 21 AND 27 AND substr(\"{column}\", 20, 1) = '.'"
        + $" AND substr(\"{column}\", 21) NOT GLOB '*[^0-9]*' AND \"{column}\" NOT GLOB '*0')))";

    public static string NullableTime(string column) => $"(\"{column}\" IS NULL OR {Time(column)})";

    /// <summary>Every text-stored value of a transfer in its one form.</summary>
    public static string CanonicalTransfer =>
        $"{Uuid("Id")} AND {NullableGuid("PendingId")} AND {Time("TimestampUtc")} AND {NullableTime("ExpiresAtUtc")}";

    private static string Repeat(string pattern, int count) => string.Concat(Enumerable.Repeat(pattern, count));
}

/// <summary>Finds transfers stored in a form their hash does not cover: only possible on SQLite, which stores text.</summary>
internal sealed class LedgerStorageCheck(AppDbContext db, DatabaseOptions database) : ILedgerStorageCheck
{
    public async Task<IReadOnlyList<long>> NonCanonicalTransfersAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return [];
        }

#pragma warning disable EF1002 // The condition is a constant of this class; the two values are parameters.
        return await db.Database
            .SqlQueryRaw<long>(
                $"SELECT \"Sequence\" AS \"Value\" FROM \"Transfers\" WHERE \"Sequence\" > {{0}} AND NOT ({SqliteStoredForms.CanonicalTransfer}) ORDER BY \"Sequence\" LIMIT {{1}}",
                afterSequence,
                limit)
            .ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }
}
