using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ComputeMarket.Application.Tests.Localization;

/// <summary>
/// Every message a use case gives people goes through <c>IStringLocalizer&lt;Messages&gt;</c>: a result's message or a
/// validator's message written as a string literal in the source would reach a Chinese reader in English. And every
/// text looked up literally is in the resources in both languages.
/// </summary>
public sealed partial class MessageSourceTests
{
    private static readonly string Application = Path.Combine(RepositoryRoot(), "src", "ComputeMarket.Application");

    public static TheoryData<string> SourceFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Application, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Application, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal))
            {
                files.Add(relative);
            }
        }

        return files;
    }

    [Fact]
    public void There_are_files_to_check() => Assert.True(SourceFiles().Count > 20);

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void Results_and_validators_take_their_messages_from_the_localizer(string file)
    {
        var source = File.ReadAllText(Path.Combine(Application, file));

        Assert.Empty(LiteralMessages(source));
    }

    [Fact]
    public void The_check_finds_a_literal_message_and_lets_a_localized_one_pass()
    {
        const string Source = """
            return Result<Guid>.NotFound("There is no such listing.");
            return Result.Conflict($"This {noun} changed.");
            return Result<Guid>.Invalid("Form.TotalQuotaTokens", "Too low.");
            RuleFor(r => r.Name).NotEmpty().WithMessage("Enter a name.");
            RuleFor(r => r.Note).Must(n => n != null).WithMessage(r => r.Accept ? "Say why." : "Say why not.");
            return Result.NotFound(localizer["There is no such listing."]);
            return Result<Guid>.Invalid("Form.TotalQuotaTokens", localizer["Buyers reserved {0:N0} tokens.", reserved]);
            RuleFor(r => r.Name).NotEmpty().WithMessage(_ => localizer["Enter a name."]);
            return Result<Guid>.Forbidden();
            """;

        Assert.Equal(5, LiteralMessages(Source).Count);
    }

    [Fact]
    public void Every_text_looked_up_literally_is_in_the_messages_of_both_languages()
    {
        var english = Keys(Path.Combine(Application, "Resources", "Messages.resx"));
        var chinese = Keys(Path.Combine(Application, "Resources", "Messages.zh-CN.resx"));
        var missing = Directory.EnumerateFiles(Application, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => LookUp().Matches(File.ReadAllText(file)).Select(m => Regex.Unescape(m.Groups[1].Value)))
            .Where(key => !english.Contains(key) || !chinese.Contains(key))
            .Distinct()
            .ToList();

        Assert.Empty(missing);
    }

    /// <summary>The result and validator messages in <paramref name="source"/> written as literals rather than looked up.</summary>
    private static List<string> LiteralMessages(string source)
    {
        var found = new List<string>();
        foreach (Match call in MessageCall().Matches(source))
        {
            var arguments = Arguments(source, call.Index + call.Length - 1);
            // Invalid(field, message): the field name is a literal by nature; only the message must be looked up.
            var message = call.Groups["method"].Value == "Invalid" && TopLevelComma(arguments) is var comma and >= 0
                ? arguments[(comma + 1)..]
                : arguments;
            if (Localized().Replace(message, "").Contains('"', StringComparison.Ordinal))
            {
                found.Add(call.Value + arguments + ")");
            }
        }

        return found;
    }

    /// <summary>The text between the parenthesis at <paramref name="open"/> and the one that closes it.</summary>
    private static string Arguments(string source, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < source.Length; i++)
        {
            var c = source[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' && --depth == 0)
            {
                return source[(open + 1)..i];
            }
        }

        return source[(open + 1)..];
    }

    private static int TopLevelComma(string arguments)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < arguments.Length; i++)
        {
            var c = arguments[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static HashSet<string> Keys(string path) =>
        [.. XDocument.Load(path).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ComputeMarket.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (ComputeMarket.sln) was not found above the test assembly.");
    }

    [GeneratedRegex(@"\bResult(?:<[^()\n]*?>)?\.(?<method>Invalid|Conflict|NotFound|Forbidden)\(|\.(?<method>WithMessage)\(")]
    private static partial Regex MessageCall();

    /// <summary>A lookup, <c>localizer["…", args]</c>, with whatever it holds (one level of brackets inside).</summary>
    [GeneratedRegex(@"\blocalizer\[(?:[^\[\]]|\[[^\[\]]*\])*\]")]
    private static partial Regex Localized();

    [GeneratedRegex("""\blocalizer\[\s*"((?:[^"\\]|\\.)*)"[\],]""")]
    private static partial Regex LookUp();
}
