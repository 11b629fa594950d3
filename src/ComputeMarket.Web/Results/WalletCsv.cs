using System.Globalization;
using System.Text;
using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Wallets;
using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Web.Results;

/// <summary>
/// An organization's account statement as CSV, as the page shows it: signed amounts from the account holder's point
/// of view (they add up to the balance), hold changes, the balance after each line, exact numbers, UTC times.
/// </summary>
public static class WalletCsv
{
    public static async Task WriteAsync(Stream body, WalletStatement statement, string currency, CancellationToken cancellationToken)
    {
        var unit = statement.Account.Asset == Asset.Money ? currency : "TOK";
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteLineAsync("timestamp_utc,account,unit,kind,entry,amount,held_change,balance_after,counterparty,cause,reference,transfer_id");
        await foreach (var line in statement.Export!.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(',',
                line.TimestampUtc.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
                statement.Account.Code,
                unit,
                line.Code,
                line.Entry,
                Number(line.Amount, statement.Account.Asset, currency),
                Number(line.HeldChange, statement.Account.Asset, currency),
                line.Balance is { } balance ? Number(balance, statement.Account.Asset, currency) : "",
                Csv.Field(line.CounterpartyName ?? line.CounterpartyAccount.ToString()),
                line.Cause,
                Csv.Field(line.Reference),
                line.TransferId.ToString()));
        }
    }

    /// <summary>An exact number in the asset's unit ("-39.90" CNY, "1000000" TOK), never a formula.</summary>
    private static string Number(long value, Asset asset, string currency) =>
        asset == Asset.Money
            ? MoneyText.Plain(value, currency)
            : value.ToString(CultureInfo.InvariantCulture);
}
