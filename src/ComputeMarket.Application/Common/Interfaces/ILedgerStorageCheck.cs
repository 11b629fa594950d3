namespace ComputeMarket.Application.Common.Interfaces;

/// <summary>
/// Finds transfers whose stored values are in a form the hash does not cover. SQLite stores ids and times as text:
/// "a1b2…" and "A1B2…" are one GUID to the hash but two keys to the unique index, and a time written as
/// "2026-11-23T10:00:00Z" sorts apart from "2026-11-23 10:00:00" in SQL. Server engines store native types, so there
/// is nothing to find there.
/// </summary>
public interface ILedgerStorageCheck
{
    /// <summary>Sequences (at most <paramref name="limit"/>) of transfers after <paramref name="afterSequence"/> stored in a non-canonical form.</summary>
    Task<IReadOnlyList<long>> NonCanonicalTransfersAsync(long afterSequence, int limit, CancellationToken cancellationToken);
}
