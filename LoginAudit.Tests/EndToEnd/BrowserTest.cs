using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// A browser test: a fresh browser context (no cookies) and page for each test, against the class's running app.
/// The app's output during the test is written to the test's output, which the runner shows when the test fails.
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    public const string UserPassword = "User-Passw0rd!";

    /// <summary>
    /// Upper bound for Playwright's auto-waiting and its <c>Expect</c> assertions (5 s by default, short on a busy
    /// 2-core machine running the other tests alongside); a passing wait returns as soon as its condition holds.
    /// </summary>
    private const float TimeoutMilliseconds = 15_000;

    static BrowserTest() => Assertions.SetDefaultExpectTimeout(TimeoutMilliseconds);

    private readonly ChromiumFixture chromium;
    private readonly ITestOutputHelper output;
    private readonly List<IBrowserContext> contexts = [];
    private long outputMark;

    protected BrowserTest(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    {
        this.chromium = chromium;
        this.output = output;
        App = app;
    }

    protected ServerFixture App { get; }

    protected LoginAuditServer Server => App.Server;

    /// <summary>Where the pages open the app: its loopback address, unless a test needs a host name (passkeys).</summary>
    protected virtual Uri BaseAddress => Server.BaseAddress;

    protected IPage Page { get; private set; } = default!;

    /// <summary>Where screenshots go: <c>screenshots/</c> in the test output folder.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public virtual async Task InitializeAsync()
    {
        outputMark = Server.OutputMark;
        Page = await NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }

        if (Chromium.IsInstalled)
        {
            output.WriteLine($"LoginAudit.Web at {Server.BaseAddress}, output during this test:\n{Server.OutputSince(outputMark)}");
        }
    }

    /// <summary>A page in a new browser context: another browser, with its own cookies.</summary>
    protected async Task<IPage> NewPageAsync(IEnumerable<Cookie>? cookies = null)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "UTC",
            AcceptDownloads = true,
            UserAgent = chromium.UserAgent,
        });
        context.SetDefaultTimeout(TimeoutMilliseconds);
        contexts.Add(context);
        if (cookies is not null)
        {
            await context.AddCookiesAsync(cookies);
        }

        return await context.NewPageAsync();
    }

    /// <summary>A name no other test uses, so tests sharing an app never see each other's rows.</summary>
    protected static string NewEmail(string purpose) => $"{purpose}-{Guid.NewGuid().ToString("N")[..10]}@e2e.test";

    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png") });
    }
}
