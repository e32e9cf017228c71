namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// A test that needs Chromium: skipped with the way to install it when Chromium is missing, except under CI
/// (<c>CI=true</c>), where it runs and fails, so that a CI machine without a browser cannot pass by skipping.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = Chromium.SkipReason;
    }
}

/// <summary>The theory form of <see cref="BrowserFactAttribute"/>: skipped (outside CI) when Chromium is missing.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        Skip = Chromium.SkipReason;
    }
}
