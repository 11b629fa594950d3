using System.Globalization;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ComputeMarket.Web.TagHelpers;

/// <summary>
/// <c>&lt;tokens value="@n" /&gt;</c>: a token count, exact ("12,000,000") or, with <c>abbreviated</c> where space is short,
/// abbreviated the way the reader counts ("12M" in English, "1200万" in Chinese) with the exact number on hover.
/// </summary>
[HtmlTargetElement("tokens", TagStructure = TagStructure.WithoutEndTag)]
public sealed class TokensTagHelper : TagHelper
{
    public long Value { get; set; }

    public bool Abbreviated { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var exact = Exact(Value);
        output.TagName = "span";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "cm-tokens");
        if (Abbreviated)
        {
            var shortened = Abbreviate(Value, CultureInfo.CurrentUICulture);
            if (shortened != exact)
            {
                output.Attributes.SetAttribute("title", exact);
            }

            output.Content.SetContent(shortened);
        }
        else
        {
            output.Content.SetContent(exact);
        }
    }

    public static string Exact(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// At most three significant digits, never rounded up past the true value's unit: Chinese counts in 万 (10⁴) and
    /// 亿 (10⁸), English in K, M, B and T; below the first unit the exact number.
    /// </summary>
    public static string Abbreviate(long value, CultureInfo culture)
    {
        (long Size, string Suffix)[] units = culture.TwoLetterISOLanguageName == "zh"
            ? [(1_0000_0000_0000, "万亿"), (1_0000_0000, "亿"), (1_0000, "万")]
            : [(1_000_000_000_000, "T"), (1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")];
        var magnitude = value == long.MinValue ? long.MaxValue : Math.Abs(value);
        foreach (var (size, suffix) in units)
        {
            if (magnitude >= size)
            {
                var scaled = (decimal)magnitude / size;
                var decimals = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
                var truncated = Math.Truncate(scaled * Pow10(decimals)) / Pow10(decimals);
                var text = truncated.ToString("0.##", CultureInfo.InvariantCulture);
                return (value < 0 ? "-" : "") + text + suffix;
            }
        }

        return Exact(value);
    }

    private static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 1 => 10m, _ => 100m };
}
