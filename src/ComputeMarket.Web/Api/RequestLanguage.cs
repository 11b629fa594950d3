using System.Globalization;
using ComputeMarket.Web.Localization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace ComputeMarket.Web.Api;

/// <summary>
/// The language of a request for code that runs outside the request localization (the exception handler and the
/// status-code pages wrap it, so the culture it chose is no longer current when they write): what it chose, else what
/// its providers say (account, cookie, browser), else the default language.
/// </summary>
internal static class RequestLanguage
{
    public static CultureInfo Of(HttpContext context)
    {
        if (context.Features.Get<IRequestCultureFeature>() is { } chosen)
        {
            return chosen.RequestCulture.UICulture;
        }

        var options = context.RequestServices.GetService<IOptions<RequestLocalizationOptions>>()?.Value;
        foreach (var provider in options?.RequestCultureProviders ?? [])
        {
            // The app's providers read headers, cookies and claims and answer at once.
            var answer = provider.DetermineProviderCultureResult(context);
            if (answer.IsCompletedSuccessfully && answer.Result?.UICultures.FirstOrDefault().Value is { } tag && Languages.Match(tag) is { } language)
            {
                return CultureInfo.GetCultureInfo(language);
            }
        }

        return options?.DefaultRequestCulture.UICulture ?? CultureInfo.GetCultureInfo(Languages.Chinese);
    }

    /// <summary>Makes the request's language current until disposed (both culture and UI culture), then restores the previous one.</summary>
    public static IDisposable Apply(HttpContext context) => new Scope(Of(context));

    private sealed class Scope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public Scope(CultureInfo language)
        {
            CultureInfo.CurrentCulture = language;
            CultureInfo.CurrentUICulture = language;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
