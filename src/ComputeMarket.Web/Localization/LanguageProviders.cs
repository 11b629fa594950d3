using System.Security.Claims;
using ComputeMarket.Infrastructure.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace ComputeMarket.Web.Localization;

/// <summary>A signed-in person's chosen language, carried in their sign-in cookie as a claim (<see cref="AppClaims.Language"/>).</summary>
public sealed class AccountLanguageProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        Task.FromResult(Languages.Match(httpContext.User.FindFirstValue(AppClaims.Language)) is { } language
            ? new ProviderCultureResult(language)
            : null);
}

/// <summary>
/// The browser's languages in order of preference, any Chinese variant read as Simplified Chinese and any English as
/// English (the stock provider matches exact names only, so "zh" or "zh-Hans" would fall back to the default).
/// </summary>
public sealed class BrowserLanguageProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        var language = header
            .Where(value => value.Quality is not 0)
            .OrderByDescending(value => value.Quality ?? 1)
            .Select(value => Languages.Match(value.Value.Value))
            .FirstOrDefault(match => match is not null);
        return Task.FromResult(language is null ? null : new ProviderCultureResult(language));
    }
}
