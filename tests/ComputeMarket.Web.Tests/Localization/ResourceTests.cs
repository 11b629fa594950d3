using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ComputeMarket.Web.Tests.Localization;

/// <summary>
/// Every resource speaks both languages: an English (neutral) file and a Simplified Chinese file with the same keys,
/// none empty; and every text a view looks up literally is in its view's resources.
/// </summary>
public sealed partial class ResourceTests
{
    private static readonly string Source = Path.Combine(RepositoryRoot(), "src");

    public static TheoryData<string> ResourceSets() => [.. SetNames()];

    private static SortedSet<string> SetNames()
    {
        var sets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Source, "*.resx", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var neutral = name.EndsWith(".zh-CN", StringComparison.Ordinal) ? name[..^".zh-CN".Length] : name;
            var set = Path.GetRelativePath(Source, Path.Combine(Path.GetDirectoryName(file)!, neutral));
            sets.Add(set);
        }

        return sets;
    }

    [Fact]
    public void There_are_resources_to_check() => Assert.True(SetNames().Count > 2);

    [Theory]
    [MemberData(nameof(ResourceSets))]
    public void Both_languages_have_the_same_keys_and_no_empty_text(string set)
    {
        var english = Read(Path.Combine(Source, set + ".resx"));
        var chinese = Read(Path.Combine(Source, set + ".zh-CN.resx"));

        Assert.NotNull(english);
        Assert.NotNull(chinese);
        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.DoesNotContain(english, entry => string.IsNullOrWhiteSpace(entry.Value));
        Assert.DoesNotContain(chinese, entry => string.IsNullOrWhiteSpace(entry.Value));
        Assert.All(english.Keys, key => Assert.Equal(Placeholders(english[key]), Placeholders(chinese[key])));

        // Keys differing only by case collide at run time (one of them goes untranslated).
        Assert.Empty(english.Keys.GroupBy(key => key, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => string.Join(" / ", group)));
    }

    public static TheoryData<string> Views()
    {
        var views = new TheoryData<string>();
        var web = Path.Combine(Source, "ComputeMarket.Web");
        foreach (var view in Directory.EnumerateFiles(web, "*.cshtml", SearchOption.AllDirectories).Where(v => LookUps(File.ReadAllText(v)).Any()))
        {
            views.Add(Path.GetRelativePath(web, view));
        }

        return views;
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void Every_text_a_view_looks_up_is_in_its_resources(string view)
    {
        var web = Path.Combine(Source, "ComputeMarket.Web");
        var resources = Read(Path.Combine(web, "Resources", Path.ChangeExtension(view, ".resx")));
        Assert.NotNull(resources);

        var missing = LookUps(File.ReadAllText(Path.Combine(web, view))).Where(key => !resources.ContainsKey(key)).ToList();

        Assert.Empty(missing);
    }

    private static IEnumerable<string> LookUps(string view) =>
        ViewLookUp().Matches(view).Select(match => Regex.Unescape(match.Groups[1].Value));

    private static Dictionary<string, string>? Read(string path) =>
        File.Exists(path)
            ? XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "")
            : null;

    private static string Placeholders(string text) =>
        string.Join(",", PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal));

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ComputeMarket.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (ComputeMarket.sln) was not found above the test assembly.");
    }

    [GeneratedRegex("""\bL(?:\[|\.GetString\()"((?:[^"\\]|\\.)*)"[\],)]""")]
    private static partial Regex ViewLookUp();

    [GeneratedRegex(@"\{(\d+)(?:[:,][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
