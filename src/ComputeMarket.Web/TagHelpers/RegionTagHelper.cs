using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.TagHelpers;

/// <summary>
/// <c>&lt;region value="@offer.Region" /&gt;</c>: a catalog region (stored by its English name, the key every filter and
/// link uses) in the reader's language; a name without a translation is shown as stored.
/// </summary>
[HtmlTargetElement("region", TagStructure = TagStructure.WithoutEndTag)]
public sealed class RegionTagHelper(IStringLocalizer<RegionTagHelper> localizer) : TagHelper
{
    public string? Value { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        output.Content.SetContent(Name(localizer, Value));
    }

    public static string Name(IStringLocalizer localizer, string? region) =>
        string.IsNullOrEmpty(region) ? "" : localizer[region].Value;
}
