using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// Every page, light and dark: it renders without errors, requests no Radzen asset, and axe-core finds no serious or
/// critical WCAG 2.1 A/AA violation. The screenshots are kept in <c>docs/screenshots/</c> for the README.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PageTourTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [BrowserTheory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task EveryPage_InTheme_RendersAccessiblyWithoutRadzen(string theme)
    {
        var email = NewEmail("toured");
        var user = await NewPageAsync();
        await user.RegisterAsync(email, UserPassword);
        await user.SignOutWithNavMenuAsync();
        await user.SubmitSignInAsync(email, "Not-the-passw0rd!");
        await Expect(user.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        var userId = await Server.UserIdAsync(email);

        var page = await NewPageAsync([new Cookie { Name = "loginaudit-theme", Value = theme, Url = Server.BaseAddress.ToString() }]);
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.GotoAsync("Account/Login");
        await CheckAsync(page, "login", theme, "Log in");
        await page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);

        var violations = new List<string>();
        foreach (var (path, name, heading) in new[]
        {
            ("admin", "admin-overview", "Overview"),
            ("admin/logins", "admin-logins", "Sign-in history"),
            ("admin/failures", "admin-failures", "Failed sign-ins"),
            ("admin/users", "admin-users", "Users"),
            ($"admin/users/{userId}", "admin-user-timeline", email),
            ("admin/suspicious", "admin-suspicious", "Suspicious sign-ins"),
            ("admin/integrity", "admin-integrity", "Audit log integrity"),
            ("admin/streams", "admin-streams", "Push streams"),
            ("account/sign-ins", "account-sign-ins", "My sign-ins"),
            ("Account/Manage", "account-manage", "Manage your account"),
        })
        {
            await page.GotoAsync(path);
            violations.AddRange(await CheckAsync(page, name, theme, heading));
        }

        Assert.True(violations.Count == 0, "axe-core found:\n" + string.Join("\n", violations));
        Assert.DoesNotContain(requested, url => url.Contains("radzen", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(requested, url => url.Contains("_content/MudBlazor/", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task Phone_NavigationDrawer_OpensFromTheMenuButtonAndReachesThePages()
    {
        var phone = await NewPageAsync();
        await phone.SetViewportSizeAsync(390, 844);
        await phone.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        // The interactive layout's drawer (the static pages' is a disclosure).
        await phone.GotoAsync("admin/integrity");
        await phone.WaitForInteractiveAsync(".nav-toggle");
        var failures = phone.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Failures" });
        await Expect(failures).Not.ToBeInViewportAsync();

        await phone.Locator(".nav-toggle").ClickAsync();

        // Wholly in view once the drawer has slid open.
        await Expect(failures).ToBeInViewportAsync(new() { Ratio = 1 });
        await Screenshot(phone, "phone-navigation");
        await failures.ClickAsync();
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Failed sign-ins", Level = 1 })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Keyboard_Tab_ReachesTheGridsControlsAndOpensARowsDetails()
    {
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        await Page.GotoAsync("admin/logins?r=30d");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var reached = new HashSet<string>();
        for (var press = 0; press < 120 && !reached.Contains("history-details-button"); press++)
        {
            await Page.Keyboard.PressAsync("Tab");
            reached.Add(await Page.EvaluateAsync<string>("() => document.activeElement?.className ?? ''") is { } classes
                ? classes.Contains("history-details-button", StringComparison.Ordinal) ? "history-details-button" : classes : "");
        }

        Assert.Contains("history-details-button", reached);
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator(".login-details")).ToBeVisibleAsync();
        // The details are a link: the page with them open, whose panel takes the focus (app.js); Escape closes it.
        await Expect(Page.Locator("#login-details-heading")).ToBeFocusedAsync();
        Assert.Contains("details=", Page.Url, StringComparison.Ordinal);
        await Page.Keyboard.PressAsync("Escape");
        await Expect(Page.Locator(".login-details")).ToHaveCountAsync(0);
        Assert.DoesNotContain("details=", Page.Url, StringComparison.Ordinal);
    }

    /// <summary>Waits for the page, keeps its screenshot, and returns axe-core's serious and critical WCAG 2.1 A/AA findings.</summary>
    private static async Task<IReadOnlyList<string>> CheckAsync(IPage page, string name, string theme, string heading)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 })).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", theme);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await Screenshot(page, $"{name}-{theme}");

        // Evaluated through DevTools, not added as a <script>: the page's Content-Security-Policy refuses inline scripts.
        await page.EvaluateAsync($"() => {{ {await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "node_modules", "axe-core", "axe.min.js"))} }}");
        var json = await page.EvaluateAsync<string>("""
            async () => {
                const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
                return JSON.stringify(result.violations
                    .filter(v => v.impact === "serious" || v.impact === "critical")
                    .map(v => ({ id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")) })));
            }
            """);
        return JsonSerializer.Deserialize<List<JsonElement>>(json)!
            .Select(violation => $"{name} ({theme}): {violation}")
            .ToList();
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var directory = Path.Combine(RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = false });
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "package.json")) && File.Exists(Path.Combine(directory.FullName, "LoginAudit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (package.json beside LoginAudit.sln) was not found above the test's folder.");
    }
}
