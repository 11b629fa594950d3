using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace ComputeMarket.Web.TagHelpers;

/// <summary>
/// <c>&lt;enum-text value="@role" /&gt;</c>: the name a person reads for a value they see (a role, an offer's status, an
/// allocation's kind or close reason) in the page's language. The resources name each value "Type.Value"
/// (<c>MembershipRole.Owner</c>), so that the same word in two enums can read differently; a value without an entry
/// reads as its name.
/// </summary>
[HtmlTargetElement("enum-text", TagStructure = TagStructure.WithoutEndTag)]
public sealed class EnumTextTagHelper(IStringLocalizer<EnumTextTagHelper> localizer) : TagHelper
{
    public Enum? Value { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        output.Content.SetContent(Value is null ? "" : Text(localizer, Value));
    }

    public static string Text(IStringLocalizer localizer, Enum value)
    {
        var text = localizer[Key(value)];
        return text.ResourceNotFound ? value.ToString() : text.Value;
    }

    public static string Key(Enum value) => $"{value.GetType().Name}.{value}";
}
