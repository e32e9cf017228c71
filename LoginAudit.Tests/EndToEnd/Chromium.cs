namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// Debian's Chromium, which the browser tests drive through Playwright. Playwright never downloads a browser
/// here: the tests launch this executable.
/// </summary>
public static class Chromium
{
    /// <summary>Debian's <c>/usr/bin/chromium</c>, or the path in <c>LOGINAUDIT_E2E_CHROMIUM</c>.</summary>
    public static string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable("LOGINAUDIT_E2E_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string InstallHint =>
        $"The end-to-end browser tests need Chromium at {ExecutablePath}: install it with 'apt-get install -y chromium'.";

    /// <summary>
    /// The flags that work on these machines: no sandbox (root), no GPU, and no background connections, which the closed
    /// network refuses. Playwright gives each launch its own fresh, temporary user-data directory.
    /// </summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>CI sets <c>CI=true</c>: there a missing browser fails the tests instead of skipping them.</summary>
    public static bool IsRequired =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the browser tests are skipped, or null when they run (Chromium installed, or required by CI).</summary>
    public static string? SkipReason => IsInstalled || IsRequired ? null : InstallHint;
}
