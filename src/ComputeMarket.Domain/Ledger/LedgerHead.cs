namespace ComputeMarket.Domain.Ledger;

/// <summary>
/// The end of the transfer chain: the last sequence number and hash. Every ledger write updates this one row
/// first, which makes it the single point where concurrent writers queue (on SQLite and SQL Server alike), and
/// lets the verifier notice a removed last transfer.
/// </summary>
public sealed class LedgerHead
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;

    public long LastSequence { get; private set; }

    public string LastHash { get; private set; } = Transfer.GenesisHash;

    /// <summary>Bumped by the statement that takes the write lock at the start of every ledger transaction.</summary>
    public long Version { get; private set; }

    internal void Advance(Transfer transfer)
    {
        LastSequence = transfer.Sequence;
        LastHash = transfer.Hash;
    }
}
