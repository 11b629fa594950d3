using System.Globalization;
using System.Text;
using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;

namespace ComputeMarket.Web.Results;

/// <summary>Writes statements as CSV (RFC 4180), streamed, amounts exact in the asset's unit.</summary>
public static class Csv
{
    public static async Task WriteStatementAsync(Stream body, IAsyncEnumerable<StatementLine> lines, string currency, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteLineAsync("sequence,timestamp_utc,asset,unit,code,phase,direction,amount,account,counterparty,reference,transfer_id");
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            var amount = line.Asset == Asset.Money ? MoneyText.Plain(line.Amount, currency) : line.Amount.ToString(CultureInfo.InvariantCulture);
            await writer.WriteLineAsync(string.Join(',',
                line.Sequence.ToString(CultureInfo.InvariantCulture),
                line.TimestampUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                line.Asset,
                line.Asset == Asset.Money ? currency : "TOK",
                line.Code,
                Field(line.Phase),
                line.Incoming ? "in" : "out",
                amount,
                line.OwnAccount,
                line.OtherAccount,
                Field(line.Reference),
                line.TransferId.ToString()));
        }
    }

    /// <summary>Quotes a field when it holds a comma, quote or line break; neutralises spreadsheet formulas.</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
