namespace ComputeMarket.Domain.Ledger;

/// <summary>
/// The two assets, each with its own ledger (product.md §3). Money is counted in the currency's minor unit
/// (fen for CNY; the currency code is configuration); compute credits are counted in TOK, one per token.
/// </summary>
public enum Asset
{
    Money = 1,
    Tok = 2,
}
