using System.Net;
using System.Text.RegularExpressions;

namespace ComputeMarket.Benchmarks;

/// <summary>
/// One person's browser on the app: its own connection and cookies (sign-in, antiforgery, TempData), redirects not
/// followed (their target is the answer), forms posted with the antiforgery token of the page they are on.
/// </summary>
internal sealed partial class BrowserSession : IDisposable
{
    private readonly HttpClient _client;

    public BrowserSession(Uri address)
    {
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? body : throw new BenchmarkFailure($"GET {path} answered {(int)response.StatusCode}.");
    }

    /// <summary>Posts a form with the antiforgery token taken from <paramref name="page"/>, the page the form is on.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, string page, IEnumerable<KeyValuePair<string, string>> fields) =>
        _client.PostAsync(path, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", FormToken(page)))));

    public async Task SignInAsync(string email, string password)
    {
        const string Login = "/Identity/Account/Login";
        var page = await GetPageAsync(Login);
        using var response = await PostFormAsync(Login, page, [new("Input.Email", email), new("Input.Password", password)]);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new BenchmarkFailure($"Signing in as {email} answered {(int)response.StatusCode} instead of a redirect.");
        }
    }

    /// <summary>The messages of a page's validation summary (what a refused form shows), or the page's title.</summary>
    public static string Problem(string page)
    {
        var summary = ValidationSummary().Match(page).Groups[1].Value;
        var messages = ListItem().Matches(summary).Concat(FieldMessage().Matches(page))
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim())
            .Where(m => m.Length > 0)
            .ToList();
        return messages.Count > 0 ? string.Join(" ", messages) : WebUtility.HtmlDecode(Title().Match(page).Groups[1].Value);
    }

    public void Dispose() => _client.Dispose();

    private static string FormToken(string page)
    {
        var token = AntiforgeryToken().Match(page);
        return token.Success ? WebUtility.HtmlDecode(token.Groups[1].Value) : throw new BenchmarkFailure("The page holds no form with an antiforgery token.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("class=\"[^\"]*validation-summary-errors[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex ValidationSummary();

    [GeneratedRegex("<li>([^<]*)</li>")]
    private static partial Regex ListItem();

    [GeneratedRegex("class=\"[^\"]*field-validation-error[^\"]*\"[^>]*>([^<]*)<")]
    private static partial Regex FieldMessage();

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex Title();
}
