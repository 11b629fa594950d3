using System.Net;
using System.Text.RegularExpressions;

namespace ComputeMarket.Web.Tests.Hostile;

/// <summary>
/// What a browser would send from one submit button of a form on a page: the method, the address (with any values
/// the page put in its query string) and the fields with their current values.
/// </summary>
public sealed record HtmlSubmission(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Query, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public string? Handler => Query.FirstOrDefault(q => string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// Reads the forms of a page the app rendered. The markup comes from the app's own tag helpers, so a handful of
/// patterns suffice: inputs, selects with their selected option, text areas, and buttons with their own formaction.
/// </summary>
public static partial class HtmlForms
{
    public static IReadOnlyList<HtmlSubmission> Read(string html, string pagePath)
    {
        var submissions = new List<HtmlSubmission>();
        foreach (Match form in Form().Matches(html))
        {
            var attributes = Attributes(form.Groups["attributes"].Value);
            var body = form.Groups["body"].Value;
            var method = attributes.GetValueOrDefault("method", "get").ToUpperInvariant();
            var action = attributes.GetValueOrDefault("action") is { Length: > 0 } a ? a : pagePath;
            var fields = Fields(body);
            var actions = Button().Matches(body)
                .Select(b => Attributes(b.Groups["attributes"].Value).GetValueOrDefault("formaction"))
                .Where(f => !string.IsNullOrEmpty(f))
                .Select(f => f!)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            foreach (var target in actions.Count > 0 ? actions : [action])
            {
                var (path, query) = Split(target);
                submissions.Add(new HtmlSubmission(method, path, query, fields));
            }
        }

        return submissions;
    }

    private static List<KeyValuePair<string, string>> Fields(string body)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match element in Element().Matches(body))
        {
            var attributes = Attributes(element.Groups["attributes"].Value);
            if (attributes.GetValueOrDefault("name") is not { Length: > 0 } name)
            {
                continue;
            }

            switch (element.Groups["tag"].Value.ToUpperInvariant())
            {
                case "INPUT":
                    var type = attributes.GetValueOrDefault("type", "text").ToUpperInvariant();
                    if (type is "SUBMIT" or "BUTTON" or "RESET" or "IMAGE" || (type is "CHECKBOX" or "RADIO" && !attributes.ContainsKey("checked")))
                    {
                        continue;
                    }

                    fields.Add(new(name, attributes.GetValueOrDefault("value", type is "CHECKBOX" ? "on" : "")));
                    break;
                case "SELECT":
                    // An option without a value attribute sends its text.
                    var options = Option().Matches(element.Groups["content"].Value)
                        .Select(o => (Attributes: Attributes(o.Groups["attributes"].Value), Text: WebUtility.HtmlDecode(o.Groups["text"].Value).Trim()))
                        .ToList();
                    var chosen = options.FirstOrDefault(o => o.Attributes.ContainsKey("selected"));
                    chosen = chosen.Attributes is null ? options.FirstOrDefault() : chosen;
                    fields.Add(new(name, chosen.Attributes is null ? "" : chosen.Attributes.GetValueOrDefault("value") ?? chosen.Text));
                    break;
                default:
                    fields.Add(new(name, WebUtility.HtmlDecode(element.Groups["content"].Value)));
                    break;
            }
        }

        return fields;
    }

    private static (string Path, List<KeyValuePair<string, string>> Query) Split(string address)
    {
        var question = address.IndexOf('?', StringComparison.Ordinal);
        if (question < 0)
        {
            return (address, []);
        }

        var query = address[(question + 1)..]
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[0].Replace('+', ' ')), pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : ""))
            .ToList();
        return (address[..question], query);
    }

    private static Dictionary<string, string> Attributes(string text) =>
        Attribute().Matches(text)
            .GroupBy(m => m.Groups["name"].Value.ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups["value"].Success ? g.First().Groups["value"].Value : ""), StringComparer.Ordinal);

    [GeneratedRegex("""<form\b(?<attributes>[^>]*)>(?<body>.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [GeneratedRegex("""<button\b(?<attributes>[^>]*)>""", RegexOptions.IgnoreCase)]
    private static partial Regex Button();

    [GeneratedRegex("""<(?<tag>input)\b(?<attributes>[^>]*)/?>|<(?<tag>select|textarea)\b(?<attributes>[^>]*)>(?<content>.*?)</\k<tag>>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Element();

    [GeneratedRegex("""<option\b(?<attributes>[^>]*)>(?<text>[^<]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Option();

    [GeneratedRegex("""(?<name>[\w:-]+)(?:\s*=\s*"(?<value>[^"]*)")?""")]
    private static partial Regex Attribute();
}
