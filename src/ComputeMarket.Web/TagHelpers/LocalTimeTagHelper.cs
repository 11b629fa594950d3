using System.Globalization;
using ComputeMarket.Application.Common.Display;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace ComputeMarket.Web.TagHelpers;

public enum TimeShown
{
    /// <summary>2026-12-08</summary>
    Date,

    /// <summary>2026-12-08 08:30</summary>
    Minute,

    /// <summary>2026-12-08 08:30:05</summary>
    Second,
}

/// <summary>
/// <c>&lt;local-time value="@utc" /&gt;</c>: the one place a stored UTC time becomes the time a person reads, in the
/// platform's display zone with the zone named ("2026-12-08 08:30 UTC+8"); the exact UTC instant is in the
/// element's <c>datetime</c> and on hover.
/// </summary>
[HtmlTargetElement("local-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalTimeTagHelper(DisplayZone zone) : TagHelper
{
    public DateTime? Value { get; set; }

    public TimeShown Show { get; set; } = TimeShown.Minute;

    /// <summary>False in tables whose heading already names the zone.</summary>
    public bool Zone { get; set; } = true;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Value is not { } value)
        {
            output.SuppressOutput();
            return;
        }

        var utc = DateTime.SpecifyKind(value, DateTimeKind.Utc);
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", utc.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("title", utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        // Digits, dashes, colons and "UTC+8": nothing to escape, and "+" stays readable in the source.
        output.Content.SetHtmlContent(Format(zone, utc, Show, Zone));
    }

    public static string Format(DisplayZone zone, DateTime utc, TimeShown show, bool withZone = true)
    {
        var local = zone.ToLocal(utc);
        var text = local.ToString(show switch
        {
            TimeShown.Date => "yyyy-MM-dd",
            TimeShown.Second => "yyyy-MM-dd HH:mm:ss",
            _ => "yyyy-MM-dd HH:mm",
        }, CultureInfo.InvariantCulture);
        return withZone && show != TimeShown.Date ? $"{text} {zone.OffsetLabel(utc)}" : text;
    }
}
