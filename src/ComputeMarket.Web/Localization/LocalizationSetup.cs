using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;

namespace ComputeMarket.Web.Localization;

/// <summary>
/// Resource files under <c>Resources/</c> (a view's beside its path, a class's under its namespace), English as the
/// neutral language and Simplified Chinese beside it. A request's language is the account's choice, else the
/// language cookie, else the browser's Accept-Language, else Chinese.
/// </summary>
public static class LocalizationSetup
{
    public const string ResourcesPath = "Resources";

    public static IMvcBuilder AddAppLocalization(this IMvcBuilder mvc)
    {
        mvc.Services.AddLocalization(options => options.ResourcesPath = ResourcesPath);

        // Chinese text is written as text, not as &#x...; entities (the encoder still escapes markup).
        mvc.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        mvc.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Languages.Chinese);
            options.SupportedCultures = [.. Languages.Cultures];
            options.SupportedUICultures = [.. Languages.Cultures];
            options.RequestCultureProviders =
            [
                new AccountLanguageProvider(),
                new CookieRequestCultureProvider(),
                new BrowserLanguageProvider(),
            ];
        });
        return mvc
            .AddViewLocalization(LanguageViewLocationExpanderFormat.Suffix)
            .AddDataAnnotationsLocalization();
    }

    /// <summary>Writes the language cookie (a year, readable only by the server, as secure as the other cookies).</summary>
    public static void RememberLanguage(this HttpResponse response, string language, bool secure) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = secure,
                Path = "/",
            });
}
