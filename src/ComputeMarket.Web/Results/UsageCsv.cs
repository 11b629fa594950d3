using System.Globalization;
using System.Text;
using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Metering;

namespace ComputeMarket.Web.Results;

/// <summary>
/// One table of an organization's usage page as CSV: one row per day (China time), allocation or model, exact token
/// counts and amounts; served usage adds the platform's fee, the provider's earnings and the flagged tokens.
/// </summary>
public static class UsageCsv
{
    public static async Task WriteAsync(Stream body, OrganizationUsage usage, UsageGrouping grouping, string currency, CancellationToken cancellationToken)
    {
        var served = usage.Side == UsageSide.Served;
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        var key = grouping switch
        {
            UsageGrouping.Allocation => "allocation_id,allocation",
            UsageGrouping.Model => "model",
            _ => "day",
        };
        await writer.WriteLineAsync($"{key},input_tokens,output_tokens,tokens,{(served ? "amount,fee,earnings,flagged_tokens" : "amount")},currency");
        foreach (var group in usage.GroupedBy(grouping))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = new List<string>();
            fields.AddRange(grouping == UsageGrouping.Allocation ? [group.Key, Csv.Field(group.Label)] : [Csv.Field(group.Key)]);
            fields.Add(group.InputTokens.ToString(CultureInfo.InvariantCulture));
            fields.Add(group.OutputTokens.ToString(CultureInfo.InvariantCulture));
            fields.Add(group.Tokens.ToString(CultureInfo.InvariantCulture));
            fields.Add(MoneyText.Plain(group.Amount, currency));
            if (served)
            {
                fields.Add(MoneyText.Plain(group.Fee, currency));
                fields.Add(MoneyText.Plain(group.Earnings, currency));
                fields.Add(group.FlaggedTokens.ToString(CultureInfo.InvariantCulture));
            }

            fields.Add(currency);
            await writer.WriteLineAsync(string.Join(',', fields));
        }
    }
}
