using Microsoft.Playwright;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// Playwright and one Chromium for all the browser tests (each test gets its own fresh context). Launches nothing
/// when Chromium is missing outside CI (the tests are skipped then), and fails with the way to install it under CI.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException(Chromium.SkipReason ?? "Chromium was not launched.");

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }

        if (!Chromium.IsInstalled)
        {
            throw new InvalidOperationException($"{Chromium.InstallHint} (CI=true, so the browser tests fail instead of being skipped.)");
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Arguments,
        });

        // Headless Chromium names itself "HeadlessChrome"; the tests present the user agent a person's Chromium sends.
        await using var probe = await browser.NewContextAsync();
        var page = await probe.NewPageAsync();
        UserAgent = (await page.EvaluateAsync<string>("navigator.userAgent")).Replace("HeadlessChrome/", "Chrome/", StringComparison.Ordinal);
    }

    /// <summary>The user agent of this Chromium as a person's (headed) Chromium sends it.</summary>
    public string UserAgent { get; private set; } = "";

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}

/// <summary>The browser tests run one class at a time, sharing one Chromium; each class has its own app.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "End-to-end (browser)";
}
