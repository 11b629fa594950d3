using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace ComputeMarket.Web.Tests.Hostile;

/// <summary>
/// How the corpus run reaches one page: as whom, with which route values, and what it fills into fields the page
/// leaves empty so that the untouched fields form a request the page would accept.
/// </summary>
public sealed record PageAccess
{
    /// <summary>The signed-in person (an email), or null for an anonymous visitor.</summary>
    public string? User { get; init; }

    /// <summary>A new anonymous visitor for every request: signing in or up changes who the browser is.</summary>
    public bool FreshVisitor { get; init; }

    public Func<IReadOnlyDictionary<string, string>> RouteValues { get; init; } = () => new Dictionary<string, string>();

    /// <summary>Values for fields the page renders empty (or not at all); "{n}" becomes a number unique to the request.</summary>
    public IReadOnlyDictionary<string, string> Fill { get; init; } = new Dictionary<string, string>();

    /// <summary>Which of several forms posting to the handler to start from (one listing of many, say); the first by default.</summary>
    public Func<IReadOnlyList<HtmlSubmission>, HtmlSubmission?>? Choose { get; init; }

    /// <summary>Creates what a handler acts on (a pending top-up, an invitation) when the page shows no form for it.</summary>
    public Func<string?, Task>? Replenish { get; init; }

    /// <summary>
    /// Kinds of finding that are the page's documented behaviour (a stock page that creates what it shows), with the
    /// reason; they are listed in the summary and do not fail the run.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tolerated { get; init; } = new Dictionary<string, string>();

    /// <summary>Headers every request carries (an API key for the endpoints that take one instead of a cookie).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Loads the page for a handler whose form only appears after another request (the confirmation after a quote).</summary>
    public Func<Browser, string, string?, Task<string?>>? Load { get; init; }
}

/// <summary>One problem the run found, precise enough to reproduce.</summary>
public sealed record Finding(string Kind, string Target, string Field, string Value, int Status, string Detail)
{
    public override string ToString() => $"{Kind}: {Target} [{Field} = {Value}] → {Status}{(Detail.Length == 0 ? "" : $" — {Detail}")}";
}

/// <summary>
/// Sends every corpus value to every discovered field, one at a time with the others at a valid baseline read from the
/// page, and checks each answer: no 5xx, nothing written unless the request was accepted, no reflected markup, no
/// redirect elsewhere, no text the server engines could not store.
/// </summary>
public sealed partial class CorpusRun(HostileInputFactory factory, IReadOnlyDictionary<string, PageAccess> access, Func<string, Task<Browser>> signedIn)
{
    private static readonly HashSet<string> NeverATypedValue = ["word", "hex", "exponent", "upper exponent", "separators", "NaN", "Infinity", "23 digits", "long max + 1", "enum flags", "enum names joined"];

    private readonly List<Finding> _findings = [];
    private readonly List<string> _accepted = [];
    private readonly HashSet<string> _notes = new(StringComparer.Ordinal);
    private readonly List<string> _tolerated = [];
    private readonly SortedDictionary<int, int> _statuses = [];
    private readonly SortedDictionary<string, (int Requests, int Accepted, int ErrorPages, bool Synthesized)> _perTarget = new(StringComparer.Ordinal);
    private int _number;

    public int Requests { get; private set; }

    public int SetupRequests { get; private set; }

    public IReadOnlyList<Finding> Findings => _findings;

    public static string PageKey(InputTarget target) => target.IsApi ? target.RouteTemplate.TrimEnd('/') : $"{(target.Area is null ? "" : $"/{target.Area}")}{target.Page}";

    /// <summary>The access for a page: its own entry, else the entry for the nearest folder ("/Identity/Account/Manage/*").</summary>
    public static PageAccess? Find(IReadOnlyDictionary<string, PageAccess> access, InputTarget target)
    {
        var key = PageKey(target);
        if (access.TryGetValue(key, out var exact))
        {
            return exact;
        }

        for (var slash = key.LastIndexOf('/'); slash > 0; slash = key.LastIndexOf('/', slash - 1))
        {
            if (access.TryGetValue(key[..(slash + 1)] + "*", out var folder))
            {
                return folder;
            }
        }

        return null;
    }

    public async Task RunAsync(IReadOnlyList<InputTarget> targets)
    {
        foreach (var target in targets)
        {
            if (target.IsApi)
            {
                await RunApiAsync(target);
            }
            else
            {
                await RunPageAsync(target);
            }
        }
    }

    private async Task RunPageAsync(InputTarget target)
    {
        var page = Find(access, target)!;
        var baseline = await BaselineAsync(target, page);
        if (target.Fields.Count == 0)
        {
            await SendAsync(target, page, baseline, "(no fields)", "baseline", _ => { });
            return;
        }

        foreach (var field in target.Fields)
        {
            baseline ??= await BaselineAsync(target, page);
            var values = Carried(baseline, field) ? Corpus.For(field) : Corpus.Stray;
            foreach (var value in values)
            {
                baseline ??= await BaselineAsync(target, page);
                var accepted = await SendAsync(target, page, baseline, field.Name, value.Label, request => Put(request, target, baseline, field, value.Value), field);
                if (accepted || page.FreshVisitor)
                {
                    baseline = null;
                }
            }
        }

        foreach (var (from, to) in Corpus.Windows(target.Fields))
        {
            baseline ??= await BaselineAsync(target, page);
            var dateOnly = from.ValueType == typeof(DateOnly);
            var (early, late) = dateOnly ? ("2026-11-01", "2026-12-01") : ("2026-11-01T00:00", "2026-12-01T00:00");
            var accepted = await SendAsync(target, page, baseline, $"{from.Name}/{to.Name}", "swapped window", request =>
            {
                Put(request, target, baseline, from, late);
                Put(request, target, baseline, to, early);
            });
            if (accepted || page.FreshVisitor)
            {
                baseline = null;
            }
        }
    }

    /// <summary>
    /// Whether the page's own form sends the field. A property bound by every handler of the page but posted by
    /// another form (the listing's fields sent to the package handler), and every field of a handler no form on the
    /// page posts to, gets the shorter stray corpus.
    /// </summary>
    private static bool Carried(BaselineRequest baseline, InputField field) =>
        baseline.Request.Method is "GET"
        || field.Source == FieldSource.Route
        || (!baseline.Synthesized && baseline.Request.Form.Concat(baseline.Request.Query).Any(p => string.Equals(p.Key, field.Name, StringComparison.OrdinalIgnoreCase)));

    private async Task RunApiAsync(InputTarget target)
    {
        var page = Find(access, target)!;
        var baseline = await ApiBaselineAsync(target, page);
        var hasBody = target.Fields.Any(f => f.Source == FieldSource.Json);
        foreach (var field in target.Fields)
        {
            foreach (var value in Corpus.For(field))
            {
                if (field.Source == FieldSource.Json)
                {
                    var tokens = value.Value is null ? [(value.Label, (string?)null)] : JsonValues.For(value).Select(v => (v.Label, (string?)v.Json)).ToList();
                    foreach (var (label, json) in tokens)
                    {
                        await SendAsync(target, page, baseline, field.Name, label, request => request.Json = JsonBody(target, page, field.Name, json), field);
                    }
                }
                else if (value.Value is not null)
                {
                    await SendAsync(target, page, baseline, field.Name, value.Label, request => Put(request, target, baseline, field, value.Value), field);
                }
            }

            if (field.Source == FieldSource.Json)
            {
                foreach (var (label, json) in JsonValues.OtherTokens)
                {
                    await SendAsync(target, page, baseline, field.Name, label, request => request.Json = JsonBody(target, page, field.Name, json), field);
                }
            }
        }

        if (hasBody)
        {
            foreach (var (label, body, contentType) in JsonValues.Bodies)
            {
                await SendAsync(target, page, baseline, "(body)", label, request =>
                {
                    request.Json = body;
                    request.JsonContentType = contentType;
                });
            }
        }
    }

    private async Task<BaselineRequest> ApiBaselineAsync(InputTarget target, PageAccess page)
    {
        var routeValues = page.RouteValues();
        var request = new HostileRequest { Method = target.Method, Path = "/" + RoutePath(target.RouteTemplate, routeValues) };
        if (target.Fields.Any(f => f.Source == FieldSource.Json))
        {
            request.Json = JsonBody(target, page, null, null);
        }

        return new BaselineRequest(await signedIn(page.User ?? ""), request, routeValues, Synthesized: false);
    }

    /// <summary>The baseline body with one property replaced (null leaves it out); properties nest by their dotted names.</summary>
    private static string JsonBody(InputTarget target, PageAccess page, string? replaced, string? json)
    {
        var values = target.Fields.Where(f => f.Source == FieldSource.Json)
            .Select(f => (Path: f.Name.Split('.'), Json: f.Name == replaced ? json : page.Fill.GetValueOrDefault(f.Name, "null")))
            .Where(p => p.Json is not null)
            .Select(p => (p.Path, Json: p.Json!))
            .ToList();
        return Nest(values, 0);

        static string Nest(List<(string[] Path, string Json)> values, int depth) =>
            "{" + string.Join(",", values.GroupBy(v => v.Path[depth], StringComparer.Ordinal).Select(g =>
                $"\"{g.Key}\":{(g.Count() == 1 && g.First().Path.Length == depth + 1 ? g.First().Json : Nest(g.ToList(), depth + 1))}")) + "}";
    }

    private static void Put(HostileRequest request, InputTarget target, BaselineRequest baseline, InputField field, string? value)
    {
        if (field.Source == FieldSource.Route && (target.IsRead || target.IsApi))
        {
            var values = new Dictionary<string, string>(baseline.RouteValues, StringComparer.OrdinalIgnoreCase) { [field.Name] = value ?? "" };
            request.Path = "/" + RoutePath(target.RouteTemplate, values);
            return;
        }

        request.Set(field.Name, value);
    }

    private async Task<BaselineRequest> BaselineAsync(InputTarget target, PageAccess page)
    {
        var browser = page.FreshVisitor ? Browser.For(factory) : await signedIn(page.User ?? "");
        foreach (var (name, value) in page.Headers)
        {
            browser.Client.DefaultRequestHeaders.Remove(name);
            browser.Client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        var routeValues = page.RouteValues();
        var path = "/" + RoutePath(target.RouteTemplate, routeValues);
        if (target.IsRead)
        {
            return new BaselineRequest(browser, new HostileRequest { Method = target.Method, Path = path }, routeValues, Synthesized: false);
        }

        var (html, forms) = await FormsAsync(browser, target, page, path);
        if (forms.Count == 0 && page.Replenish is not null)
        {
            await page.Replenish(target.Handler);
            (html, forms) = await FormsAsync(browser, target, page, path);
        }

        var chosen = page.Choose?.Invoke(forms) ?? forms.FirstOrDefault();
        var number = Interlocked.Increment(ref _number).ToString(CultureInfo.InvariantCulture);
        HostileRequest request;
        if (chosen is null)
        {
            // No form on the page posts to this handler: a client can still send it, with the token of any form.
            var token = Token(html, path);
            if (token.Length == 0)
            {
                // A page with no form of its own (signing out): the visitor's token from the sign-in page.
                SetupRequests++;
                token = Token(await (await browser.GetAsync(SignInPath)).Content.ReadAsStringAsync(), SignInPath);
            }

            request = new HostileRequest { Method = target.Method, Path = path, Form = [new("__RequestVerificationToken", token)] };
            if (target.Handler is not null)
            {
                request.Query.Add(new("handler", target.Handler));
            }
        }
        else
        {
            request = new HostileRequest { Method = target.Method, Path = chosen.Path, Query = [.. chosen.Query], Form = [.. chosen.Fields] };
        }

        foreach (var (name, value) in page.Fill)
        {
            if (!request.Form.Concat(request.Query).Any(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase) && p.Value.Length > 0))
            {
                request.Set(name, value.Replace("{n}", number, StringComparison.Ordinal));
            }
        }

        return new BaselineRequest(browser, request, routeValues, Synthesized: chosen is null);
    }

    private const string SignInPath = "/Identity/Account/Login";

    private static string Token(string html, string path) =>
        HtmlForms.Read(html, path).SelectMany(s => s.Fields).FirstOrDefault(f => f.Key == "__RequestVerificationToken").Value ?? "";

    private async Task<(string Html, List<HtmlSubmission> Forms)> FormsAsync(Browser browser, InputTarget target, PageAccess page, string path)
    {
        SetupRequests++;
        string? html = null;
        if (page.Load is not null)
        {
            html = await page.Load(browser, path, target.Handler);
        }

        if (html is null)
        {
            var response = await browser.GetAsync(path);
            html = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode >= 500)
            {
                _findings.Add(new Finding("5xx", target.Name, "(page load)", "", (int)response.StatusCode, path));
            }
            else if (response.StatusCode != HttpStatusCode.OK)
            {
                // A page that redirects (setting a password one already has) or takes no GET: the handler is posted without a form.
                _notes.Add($"{target.Name}: {path} answered {(int)response.StatusCode}, so its requests start from no form");
            }
        }

        var forms = HtmlForms.Read(html, path)
            .Where(s => s.Method == target.Method
                && string.Equals(s.Path, path, StringComparison.OrdinalIgnoreCase)
                && string.Equals(s.Handler ?? "", target.Handler ?? "", StringComparison.OrdinalIgnoreCase))
            .ToList();
        return (html, forms);
    }

    /// <summary>Sends the baseline with <paramref name="change"/> applied, checks the answer, and says whether the app accepted it.</summary>
    private async Task<bool> SendAsync(InputTarget target, PageAccess page, BaselineRequest baseline, string field, string value, Action<HostileRequest> change, InputField? typed = null)
    {
        var request = baseline.Request.Copy();
        change(request);
        var writes = factory.Recorder.WriteCount;
        var unstorable = factory.Recorder.UnstorableCount;
        var errors = factory.Errors.Count;
        using var message = request.ToMessage();
        using var response = await baseline.Browser.Client.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Requests++;
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        var accepted = Accepted(target, response);
        var errorPage = status == 400 && body.Contains("That request could not be understood", StringComparison.Ordinal);
        var counts = _perTarget.GetValueOrDefault(target.Name);
        _perTarget[target.Name] = (counts.Requests + 1, counts.Accepted + (accepted ? 1 : 0), counts.ErrorPages + (errorPage ? 1 : 0), counts.Synthesized || baseline.Synthesized);

        void Report(string kind, string detail)
        {
            var finding = new Finding(kind, target.Name, field, value, status, detail);
            if (page.Tolerated.TryGetValue(kind, out var reason))
            {
                _tolerated.Add($"{finding} ({reason})");
            }
            else
            {
                _findings.Add(finding);
            }
        }

        if (status >= 500)
        {
            Report("5xx", string.Join(" | ", factory.Errors.Skip(errors)));
        }

        var written = factory.Recorder.WritesSince(writes);
        if (written.Count > 0 && (!accepted || target.IsRead))
        {
            Report(target.IsRead ? "a read wrote" : "rejected input wrote", string.Join(", ", written.Distinct()));
        }

        foreach (var problem in factory.Recorder.UnstorableSince(unstorable).Distinct())
        {
            Report("unstorable on a server engine", problem);
        }

        if (body.Contains(Corpus.Script, StringComparison.OrdinalIgnoreCase) || body.Contains(Corpus.Image, StringComparison.OrdinalIgnoreCase))
        {
            Report("unescaped output", Around(body));
        }

        if (response.Headers.Location is { } location && Offsite(location))
        {
            Report("redirect off the site", location.ToString());
        }

        if (accepted && typed is not null && typed.ValueType != typeof(string) && NeverATypedValue.Contains(value.Split(" (")[0]))
        {
            Report("unreadable value accepted", $"{typed.ValueType.Name} field");
        }

        if (accepted)
        {
            _accepted.Add($"{target.Name} [{field} = {value}] → {status}{(written.Count == 0 ? "" : $" ({written.Count} writes)")}");
        }

        return accepted;
    }

    /// <summary>A form was accepted when the app redirects onward (not to sign-in); a read or an API call when it answers 2xx.</summary>
    private static bool Accepted(InputTarget target, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (target.IsApi || target.IsRead)
        {
            return status is >= 200 and < 300;
        }

        return status is >= 300 and < 400
            && response.Headers.Location?.ToString() is { } location
            && !location.Contains("/Identity/Account/Login", StringComparison.OrdinalIgnoreCase)
            && !location.Contains("/Identity/Account/AccessDenied", StringComparison.OrdinalIgnoreCase);
    }

    private static bool Offsite(Uri location)
    {
        var text = location.OriginalString;
        if (text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("/\\", StringComparison.Ordinal))
        {
            return true;
        }

        return location.IsAbsoluteUri && !string.Equals(location.Host, "localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static string Around(string body)
    {
        var at = body.IndexOf("alert(1)", StringComparison.Ordinal);
        return body.Substring(Math.Max(0, at - 120), Math.Min(200, body.Length - Math.Max(0, at - 120))).ReplaceLineEndings(" ");
    }

    public static string RoutePath(string template, IReadOnlyDictionary<string, string> values)
    {
        var lookup = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        var path = RouteParameter().Replace(template, m => lookup.TryGetValue(m.Groups["name"].Value, out var value) ? FormBody.Escape(value) : "");
        return path.TrimEnd('/');
    }

    public string Summary(IReadOnlyList<InputTarget> targets, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Hostile input corpus: {targets.Count} targets ({targets.Count(t => t.IsApi)} API), {targets.Sum(t => t.Fields.Count)} fields, {Corpus.Values.Count} corpus values ({Corpus.Stray.Count} for a field its form does not send).");
        text.AppendLine(CultureInfo.InvariantCulture, $"{Requests} corpus requests and {SetupRequests} page loads for baselines in {elapsed.TotalSeconds:F1} s; {_accepted.Count} accepted; {_findings.Count} findings.");
        text.AppendLine("Statuses: " + string.Join(", ", _statuses.Select(s => $"{s.Key} × {s.Value}")));
        text.AppendLine("Per target (requests / accepted / bare 400 error pages / baseline synthesized):");
        foreach (var (name, counts) in _perTarget)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name}: {counts.Requests} / {counts.Accepted} / {counts.ErrorPages}{(counts.Synthesized ? " / no form on the page" : "")}");
        }

        text.AppendLine("Notes:");
        foreach (var note in _notes)
        {
            text.AppendLine("  " + note);
        }

        text.AppendLine("Accepted:");
        foreach (var line in _accepted)
        {
            text.AppendLine("  " + line);
        }

        text.AppendLine("Tolerated:");
        foreach (var line in _tolerated)
        {
            text.AppendLine("  " + line);
        }

        text.AppendLine("Findings:");
        foreach (var finding in _findings)
        {
            text.AppendLine("  " + finding);
        }

        return text.ToString();
    }

    /// <summary>Targets with a real form that never got past the framework (every answer the bare 400 page): the run proved nothing there.</summary>
    public IEnumerable<string> Unreached() =>
        _perTarget.Where(t => t.Value.Requests > 1 && !t.Value.Synthesized && t.Value.ErrorPages == t.Value.Requests).Select(t => t.Key);

    [GeneratedRegex("""\{\*{0,2}(?<name>\w+)[^}]*\}""")]
    private static partial Regex RouteParameter();
}

/// <summary>The request a page's form would send, who sends it, and the route values its address was built from.</summary>
public sealed record BaselineRequest(Browser Browser, HostileRequest Request, IReadOnlyDictionary<string, string> RouteValues, bool Synthesized);

/// <summary>Keeps the errors the app logs (with their exceptions), so a 5xx in the run names its cause.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<string> _errors = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _errors.Count;
            }
        }
    }

    public IEnumerable<string> Skip(int count)
    {
        lock (_lock)
        {
            return _errors.Skip(count).ToList();
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || exception is null)
            {
                return;
            }

            var frame = new StackTrace(exception, fNeedFileInfo: false).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("ComputeMarket", StringComparison.Ordinal) == true);
            lock (log._lock)
            {
                log._errors.Add($"{exception.GetType().Name}: {exception.Message} at {frame?.GetMethod()?.DeclaringType?.Name}.{frame?.GetMethod()?.Name}");
            }
        }
    }
}
