using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ComputeMarket.Web.Tests.Hostile;

/// <summary>A request as the corpus run builds it: a path, query and form fields in order, or a JSON body.</summary>
public sealed class HostileRequest
{
    public required string Method { get; init; }

    public required string Path { get; set; }

    public List<KeyValuePair<string, string>> Query { get; init; } = [];

    public List<KeyValuePair<string, string>> Form { get; init; } = [];

    /// <summary>A JSON body exactly as sent (it may be malformed on purpose); null for form and body-less requests.</summary>
    public string? Json { get; set; }

    public string JsonContentType { get; set; } = "application/json";

    public HostileRequest Copy() => new() { Method = Method, Path = Path, Query = [.. Query], Form = [.. Form], Json = Json, JsonContentType = JsonContentType };

    public string Address => Query.Count == 0 ? Path : $"{Path}?{FormBody.Encode(Query)}";

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Address);
        if (Json is not null)
        {
            message.Content = new StringContent(Json, Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType);
        }
        else if (Method is not "GET")
        {
            message.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(FormBody.Encode(Form)));
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        return message;
    }

    /// <summary>Puts <paramref name="value"/> where the field already travels (query or form), else into the form (or the query for reads); null removes it.</summary>
    public void Set(string name, string? value)
    {
        var inQuery = Query.FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        var inForm = Form.FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        Query.RemoveAll(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        Form.RemoveAll(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        if (value is null)
        {
            return;
        }

        if (inQuery >= 0 || (inForm < 0 && Method is "GET"))
        {
            Query.Insert(Math.Min(Math.Max(inQuery, 0), Query.Count), new(name, value));
        }
        else
        {
            Form.Insert(Math.Min(Math.Max(inForm, 0), Form.Count), new(name, value));
        }
    }
}

/// <summary>
/// Percent-encodes form and query values byte by byte, so that a lone surrogate reaches the server as the bytes of
/// its code point (which no UTF-8 encoder would produce) instead of failing in the client.
/// </summary>
public static class FormBody
{
    public static string Encode(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join("&", pairs.Select(p => $"{Escape(p.Key)}={Escape(p.Value)}"));

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int codePoint;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[i + 1]);
                i++;
            }
            else
            {
                codePoint = c;
            }

            if (codePoint < 128 && (char.IsAsciiLetterOrDigit((char)codePoint) || "-_.~".Contains((char)codePoint, StringComparison.Ordinal)))
            {
                builder.Append((char)codePoint);
                continue;
            }

            foreach (var b in Utf8Bytes(codePoint))
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<byte> Utf8Bytes(int codePoint)
    {
        if (codePoint < 0x80)
        {
            return [(byte)codePoint];
        }

        if (codePoint < 0x800)
        {
            return [(byte)(0xC0 | (codePoint >> 6)), (byte)(0x80 | (codePoint & 0x3F))];
        }

        if (codePoint < 0x10000)
        {
            return [(byte)(0xE0 | (codePoint >> 12)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))];
        }

        return [(byte)(0xF0 | (codePoint >> 18)), (byte)(0x80 | ((codePoint >> 12) & 0x3F)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))];
    }
}

/// <summary>The JSON forms of a corpus value: always as a string, and as a bare token where JSON can hold it as a number.</summary>
public static partial class JsonValues
{
    public static IEnumerable<(string Label, string Json)> For(HostileValue value)
    {
        if (value.Value is null)
        {
            yield break;
        }

        yield return ($"{value.Label} (string)", value.Value == Corpus.LoneSurrogate ? "\"\\ud800\"" : JsonSerializer.Serialize(value.Value));
        if (JsonNumber().IsMatch(value.Value))
        {
            yield return ($"{value.Label} (number)", value.Value);
        }
    }

    /// <summary>Tokens that are not of any property's type, and bodies that are not JSON of the documented shape.</summary>
    public static readonly IReadOnlyList<(string Label, string Json)> OtherTokens =
    [
        ("null", "null"),
        ("true", "true"),
        ("array", "[]"),
        ("object", "{}"),
    ];

    public static readonly IReadOnlyList<(string Label, string Body, string ContentType)> Bodies =
    [
        ("empty body", "", "application/json"),
        ("truncated JSON", "{", "application/json"),
        ("not JSON", "abc", "application/json"),
        ("JSON array", "[1,2]", "application/json"),
        ("JSON string", "\"abc\"", "application/json"),
        ("form body", "validForDays=7", "application/x-www-form-urlencoded"),
        ("deep nesting", new string('[', 10_000) + new string(']', 10_000), "application/json"),
    ];

    [GeneratedRegex("""^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$""")]
    private static partial Regex JsonNumber();
}
