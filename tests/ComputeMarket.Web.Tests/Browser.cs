using System.Net;
using System.Text.RegularExpressions;

namespace ComputeMarket.Web.Tests;

/// <summary>
/// An HTTP client that behaves like a simple browser: it keeps cookies, does not follow redirects (tests assert
/// them), and fills the antiforgery token into forms it posts.
/// </summary>
public sealed partial class Browser(HttpClient client)
{
    public HttpClient Client => client;

    /// <summary>A client of the in-memory server over HTTPS, as browsers reach the site in production (cookies are Secure).</summary>
    public static Browser For(ComputeMarketFactory factory) =>
        new(factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") }));

    public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(path);

    public async Task<string> GetPageAsync(string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="pagePath"/>, takes its antiforgery token, and posts the form fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pagePath, IDictionary<string, string> fields, string? action = null)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(pagePath) };
        return await client.PostAsync(action ?? pagePath, new FormUrlEncodedContent(form));
    }

    /// <summary>The antiforgery token of the form on <paramref name="pagePath"/>, valid for this client's cookies and identity.</summary>
    public async Task<string> AntiforgeryTokenAsync(string pagePath)
    {
        var page = await GetPageAsync(pagePath);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {pagePath}");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    public async Task SignInAsync(string email, string password = ComputeMarketFactory.Password)
    {
        var response = await SubmitAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Posts the sign-in form with these credentials and returns the answer, whatever it is.</summary>
    public Task<HttpResponseMessage> TrySignInAsync(string email, string password) =>
        SubmitAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public static class UriExtensions
{
    /// <summary>The path of a Location header, whether the server sent it relative or absolute.</summary>
    public static string AbsolutePathOf(this Uri location) =>
        location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
}
