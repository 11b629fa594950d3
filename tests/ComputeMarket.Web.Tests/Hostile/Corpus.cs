using System.Globalization;

namespace ComputeMarket.Web.Tests.Hostile;

/// <summary>One hostile value, named for the report. <see cref="Value"/> null means the field is left out of the request.</summary>
public sealed record HostileValue(string Label, string? Value)
{
    public override string ToString() => Label;
}

/// <summary>
/// The values every field and property receives: empty and blank, signs and zeros, numbers too large, too precise or
/// in notations a person does not type, words, right-to-left and invisible characters, emoji, a lone surrogate,
/// 10,000 characters, markup and SQL, the first and last dates a calendar holds, and addresses elsewhere.
/// </summary>
public static class Corpus
{
    /// <summary>Half of a surrogate pair: no UTF-8 encoder writes it, so the form encoder sends its bytes as-is.</summary>
    public const string LoneSurrogate = "\uD800";

    public const string Script = "<script>alert(1)</script>";

    public const string Image = "<img src=x onerror=alert(1)>";

    public static readonly IReadOnlyList<HostileValue> Values =
    [
        new("missing", null),
        new("empty", ""),
        new("whitespace", "   "),
        new("minus one", "-1"),
        new("zero", "0"),
        new("minus zero", "-0"),
        new("23 digits", "99999999999999999999999"),
        new("int max + 1", (int.MaxValue + 1L).ToString(CultureInfo.InvariantCulture)),
        new("long max + 1", ((ulong)long.MaxValue + 1).ToString(CultureInfo.InvariantCulture)),
        new("over-precise", "1.0000000000001"),
        new("a thousandth", "0.001"),
        new("exponent", "1e30"),
        new("upper exponent", "1E5"),
        new("hex", "0x10"),
        new("separators", "1,000.00"),
        new("word", "abc"),
        new("NaN", "NaN"),
        new("Infinity", "Infinity"),
        new("right-to-left override", "\u202Eevil"),
        new("emoji", "🚀🚀"),
        new("CJK", "名字"),
        new("zero-width space", "\u200B"),
        new("lone surrogate", LoneSurrogate),
        new("10,000 characters", new string('a', 10_000)),
        new("script", Script),
        new("attribute breakout", "\">" + Image),
        new("SQL", "'; DROP TABLE Offers; --"),
        new("year 1", "0001-01-01"),
        new("year 9999", "9999-12-31"),
        new("year 9999 with time", "9999-12-31T23:59"),
        new("enum 99", "99"),
        new("enum flags", "Refund,Forfeit"),
        new("other site", "//evil.example/"),
        new("script address", "javascript:alert(1)"),
    ];

    /// <summary>For a property the page binds on every post but this form does not send: one value of each kind that breaks binding, storage or markup.</summary>
    public static readonly IReadOnlyList<HostileValue> Stray = Values.Where(v => v.Label is "word" or "long max + 1" or "lone surrogate" or "10,000 characters" or "script" or "attribute breakout" or "enum flags" or "year 1").ToList();

    /// <summary>The corpus, plus every pair of an enum's names joined as flags (a combination that is not a member).</summary>
    public static IEnumerable<HostileValue> For(InputField field)
    {
        foreach (var value in Values)
        {
            yield return value;
        }

        if (field.ValueType.IsEnum && Enum.GetNames(field.ValueType) is { Length: >= 2 } names)
        {
            yield return new HostileValue("enum names joined", $"{names[0]},{names[1]}");
        }
    }

    /// <summary>Pairs of fields that bound a window (From/To, FromUtc/UntilUtc), found by name.</summary>
    public static IEnumerable<(InputField From, InputField To)> Windows(IReadOnlyList<InputField> fields)
    {
        foreach (var from in fields.Where(f => f.Name.Contains("From", StringComparison.Ordinal)))
        {
            foreach (var ending in new[] { "To", "Until" })
            {
                var name = from.Name.Replace("From", ending, StringComparison.Ordinal);
                if (fields.FirstOrDefault(f => f.Name == name && f.Source == from.Source) is { } to)
                {
                    yield return (from, to);
                }
            }
        }
    }
}
