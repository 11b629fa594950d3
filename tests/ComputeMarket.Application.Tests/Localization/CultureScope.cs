using System.Globalization;

namespace ComputeMarket.Application.Tests.Localization;

/// <summary>
/// Runs the code inside it in one language, the way a web request runs after the language is chosen (both the
/// culture and the UI culture), and puts the previous language back when disposed.
/// </summary>
public sealed class CultureScope : IDisposable
{
    private static readonly AsyncLocal<CultureScope?> Active = new();

    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;
    private readonly CultureScope? _outer;

    public CultureScope(string language)
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        _outer = Active.Value;
        var culture = CultureInfo.GetCultureInfo(language);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        Active.Value = this;
    }

    /// <summary>Whether code runs inside a scope that chose its language.</summary>
    public static bool IsActive => Active.Value is not null;

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        Active.Value = _outer;
    }
}
