using System.Globalization;
using ComputeMarket.Application.Common.Display;
using ComputeMarket.Application.Ledger;
using ComputeMarket.Domain.Ledger;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.TagHelpers;

/// <summary>
/// <c>&lt;amount value="…" asset="Money" /&gt;</c>: the one place that formats money (¥1,234.56 for CNY) and
/// compute credits (1,234 TOK), so every page shows amounts the same way.
/// </summary>
[HtmlTargetElement("amount", TagStructure = TagStructure.WithoutEndTag)]
public sealed class AmountTagHelper(IOptions<MoneyOptions> money) : TagHelper
{
    public long Value { get; set; }

    /// <summary>A sum over many accounts, which may not fit in 64 bits; set instead of <see cref="Value"/>.</summary>
    public Int128? Total { get; set; }

    public Asset Asset { get; set; } = Asset.Money;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var value = Total ?? Value;
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", $"cm-amount{(value < 0 ? " text-danger" : "")}");
        output.Content.SetContent(value >= long.MinValue && value <= long.MaxValue
            ? Format((long)value, Asset, money.Value.Currency)
            : FormatLarge(value, Asset, money.Value.Currency));
    }

    private static string FormatLarge(Int128 value, Asset asset, string currency)
    {
        var magnitude = Int128.Abs(value);
        return asset == Asset.Tok
            ? string.Create(CultureInfo.InvariantCulture, $"{value:N0} TOK")
            : string.Create(CultureInfo.InvariantCulture, $"{(value < 0 ? "-" : "")}{MoneyText.Symbol(currency)}{magnitude / 100:N0}.{magnitude % 100:00}");
    }

    public static string Format(long value, Asset asset, string currency) => asset switch
    {
        Asset.Tok => string.Create(CultureInfo.InvariantCulture, $"{value:N0} TOK"),
        _ => MoneyText.Format(value, currency),
    };
}
