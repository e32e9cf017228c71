using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>The app as a person uses it, in Chromium, under the Content-Security-Policy every response carries.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ContentSecurityPolicyTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    [BrowserFact]
    public async Task InteractivePages_UnderThePolicy_WorkWithoutAViolation()
    {
        var violations = await WatchViolationsAsync(Page);
        var email = NewEmail("policed");
        await Page.RegisterAsync(email, UserPassword);
        await Page.SignOutWithNavMenuAsync();
        await Page.SubmitSignInAsync(email, "Not-the-passw0rd!");
        await Expect(Page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);

        // The history's filter form (static) and its new-events island; then the interactive integrity page, whose theme
        // menu below works only once the circuit runs: blazor.web.js, the import map and the WebSocket all passed the policy.
        await Page.GotoAsync($"admin/logins?q={Uri.EscapeDataString(email)}");
        await Page.Locator("#history-outcome").SelectOptionAsync("fail");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync(url => url.Contains("out=fail", StringComparison.Ordinal));
        var rows = Page.Locator(".history-grid tbody tr").Filter(new() { HasText = email });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Sign-in failed");
        foreach (var (path, heading) in new[] { ("admin/failures", "Failed sign-ins"), ("admin", "Overview"), ("admin/integrity", "Audit log integrity") })
        {
            await Page.GotoAsync(path);
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 })).ToBeVisibleAsync();
        }

        await Page.WaitForInteractiveAsync(AccountPages.ThemeToggleSelector);
        await Page.Locator(AccountPages.ThemeToggleSelector).ClickAsync();
        await Page.Locator(".theme-choice.theme-dark").ClickAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "dark");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(violations.IsEmpty, string.Join("\n", violations));

        // The watch itself: an inline script without the nonce is refused and reported.
        await Page.EvaluateAsync("() => document.head.appendChild(Object.assign(document.createElement('script'), { textContent: 'window.injected = true' }))");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "dark");
        await Page.WaitForFunctionAsync("() => window.cspViolationsReported > 0");
        Assert.Contains(violations, violation => violation.StartsWith("script-src", StringComparison.Ordinal));
        Assert.False(await Page.EvaluateAsync<bool>("() => window.injected === true"));
    }

    /// <summary>Every violation the page reports (its <c>securitypolicyviolation</c> events, and Chromium's console errors).</summary>
    private static async Task<ConcurrentQueue<string>> WatchViolationsAsync(IPage page)
    {
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Enqueue("console: " + message.Text);
            }
        };
        await page.ExposeFunctionAsync("reportCspViolation", (string violation) => violations.Enqueue(violation));
        await page.AddInitScriptAsync("""
            window.cspViolationsReported = 0;
            document.addEventListener('securitypolicyviolation', event => {
                window.cspViolationsReported++;
                window.reportCspViolation(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber} ${event.sample} ${location.pathname} ${event.target?.outerHTML?.slice(0, 200)}`);
            });
            """);
        return violations;
    }
}
