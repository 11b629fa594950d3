using System.Globalization;
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

    public Asset Asset { get; set; } = Asset.Money;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", $"cm-amount{(Value < 0 ? " text-danger" : "")}");
        output.Content.SetContent(Format(Value, Asset, money.Value.Currency));
    }

    public static string Format(long value, Asset asset, string currency) => asset switch
    {
        Asset.Tok => string.Create(CultureInfo.InvariantCulture, $"{value:N0} TOK"),
        _ => (value < 0 ? "-" : "") + Symbol(currency) + new Money(Math.Abs(value), currency).ToMajorUnitString(),
    };

    private static string Symbol(string currency) => currency switch
    {
        "CNY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        _ => currency + " ",
    };
}
