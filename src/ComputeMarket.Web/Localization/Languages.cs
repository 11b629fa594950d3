using System.Globalization;

namespace ComputeMarket.Web.Localization;

/// <summary>The languages the site speaks: Simplified Chinese (the default, our market is Chinese SMEs first) and English.</summary>
public static class Languages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static readonly IReadOnlyList<string> Supported = [Chinese, English];

    public static readonly IReadOnlyList<CultureInfo> Cultures = [.. Supported.Select(CultureInfo.GetCultureInfo)];

    /// <summary>The supported language a tag asks for ("zh", "zh-Hans-CN", "zh-TW" → zh-CN; "en-GB" → en), or null.</summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Trim().Split('-', '_')[0];
        return primary.ToUpperInvariant() switch
        {
            "ZH" => Chinese,
            "EN" => English,
            _ => null,
        };
    }

    /// <summary>The name people see for a language, in that language (so it can be found whatever the page's language).</summary>
    public static string NativeName(string language) => language == Chinese ? "中文" : "English";
}
