using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Domain.Tests.Ledger;

public sealed class TransferTests
{
    /// <summary>
    /// Stored hashes must verify forever, so the canonical text and its hash are pinned here, literally: any change
    /// to the field order, a format, the encoding or the hash function fails this test instead of every audit.
    /// </summary>
    [Fact]
    public void A_v1_transfers_canonical_text_and_hash_are_fixed()
    {
        var transfer = TestOnly.NewTransfer(
            sequence: 42,
            id: Guid.Parse("6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"),
            debitAccountId: 100,
            creditAccountId: 2,
            amount: 12_345,
            asset: Asset.Money,
            code: TransferCode.Purchase,
            flags: TransferFlags.PostPending,
            pendingId: Guid.Parse("0a1b2c3d-4e5f-4a6b-9c7d-8e9fa0b1c2d3"),
            expiresAtUtc: new DateTime(2026, 11, 23, 9, 40, 15, DateTimeKind.Utc),
            reference: "订单:42",
            timestampUtc: new DateTime(2026, 11, 23, 9, 30, 15, DateTimeKind.Utc),
            previousHash: "bbeb70b1c124f64f293489348c9e431806f3b34a46a27dcf3aad90ec10be3cbd");

        Assert.Equal(
            "v1|42|6f1c2d3e4a5b4c6d8e7f9a0b1c2d3e4f|100|2|12345|1|3|2|0a1b2c3d4e5f4a6b9c7d8e9fa0b1c2d3|639310236150000000"
                + "|6K6i5Y2VOjQy|639310230150000000|bbeb70b1c124f64f293489348c9e431806f3b34a46a27dcf3aad90ec10be3cbd",
            transfer.CanonicalText());
        Assert.Equal("e32a2a9b01de4be92b1bff406d9b86af0080668a34a92efac007182748b78afb", transfer.Hash);
        Assert.Equal(transfer.Hash, transfer.ComputeHash());
    }
}
