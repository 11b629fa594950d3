using ComputeMarket.Web.Tests;
using Microsoft.Playwright;

namespace ComputeMarket.BrowserTests;

/// <summary>
/// The real app on Kestrel (127.0.0.1, a free port) and Debian's headless Chromium driven by Playwright.
/// The browser comes from the system (CHROMIUM_PATH, default /usr/bin/chromium); nothing is downloaded.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private IPlaywright _playwright = null!;

    public ComputeMarketFactory App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Every confirmation question a page asked, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> DialogMessages { get; } = new();

    /// <summary>Where screenshots go: SCREENSHOT_DIR, or a "screenshots" folder beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        BaseAddress = App.StartOnKestrel();
        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// A fresh browser context (its own cookies) with a page pointed at the app, its browser set to
    /// <paramref name="locale"/> (the tests that read English text run an English browser; the site speaks Chinese to
    /// a browser that asks for no language it knows).
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US", int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = locale });
        // A ceiling for waiting on the page, not a speed check: on a busy two-core machine running every test
        // project at once, a step can take many seconds.
        context.SetDefaultTimeout(45_000);
        var page = await context.NewPageAsync();

        // Money-moving and destructive actions ask "are you sure?"; the person in these tests says yes, and the
        // question asked is kept for the tests that read it.
        page.Dialog += async (_, dialog) =>
        {
            DialogMessages.Enqueue(dialog.Message);
            await dialog.AcceptAsync();
        };
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }
}

public static class PageExtensions
{
    /// <summary>Saves a full-page screenshot named after the test step, as a test artifact.</summary>
    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = true });

    public static async Task SignInAsync(this IPage page, string email, string password = ComputeMarketFactory.Password)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
    }

    /// <summary>
    /// Waits for the dashboard a sign-in lands on. It waits for the document, not for its load event: on a busy
    /// machine Chromium has been seen to leave that event unreported, and every later step waits for what it needs.
    /// </summary>
    public static Task WaitForDashboardAsync(this IPage page) =>
        page.WaitForURLAsync("**/dashboard", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
}
