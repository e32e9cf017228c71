using System.Text.RegularExpressions;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// The admin pages rendered statically (README, "Memory per open page"): in a real browser they open no circuit (no
/// request to Blazor's hub), keep their state in the URL through links and GET forms, and the back button works.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class StaticAdminPagesTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    /// <summary>
    /// Every request and WebSocket of <paramref name="page"/> to Blazor's circuit hub (<c>/_blazor</c>) from now on. The
    /// page leaves the (interactive) start page first, so that page's circuit, connecting late, is not counted.
    /// </summary>
    private static async Task<List<string>> CircuitTrafficAsync(IPage page)
    {
        await page.GotoAsync("about:blank");
        var traffic = new List<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath.StartsWith("/_blazor", StringComparison.Ordinal))
            {
                traffic.Add(request.Url);
            }
        };
        page.WebSocket += (_, socket) => traffic.Add(socket.Url);
        return traffic;
    }

    [BrowserFact]
    public async Task Users_SearchAndSortThroughTheForm_PutThemInTheUrlWithoutACircuit()
    {
        var email = NewEmail("listed");
        await Server.CreateUserAsync(email);
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        var circuits = await CircuitTrafficAsync(Page);

        await Page.GotoAsync("admin/users?range=7d");
        await Page.GetByLabel("Search by user name or e-mail").FillAsync(email);
        await Page.GetByLabel("Sort by").SelectOptionAsync("LastSignIn");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal) && url.Contains("sort=LastSignIn", StringComparison.Ordinal));
        Assert.Contains("range=7d", Page.Url, StringComparison.Ordinal);
        await Expect(Page.Locator(".users-grid tbody tr")).ToHaveCountAsync(1);
        await Expect(Page.Locator(".users-grid .user-link")).ToHaveTextAsync(email);
        await Expect(Page.GetByLabel("Search by user name or e-mail")).ToHaveValueAsync(email);

        await Page.GoBackAsync();
        await Page.WaitForURLAsync(url => !url.Contains("q=", StringComparison.Ordinal));
        await Expect(Page.GetByLabel("Search by user name or e-mail")).ToHaveValueAsync("");
        await Expect(Page.GetByLabel("Sort by")).ToHaveValueAsync("UserName");
        await Expect(Page.Locator(".users-grid tbody tr")).Not.ToHaveCountAsync(1);

        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(circuits);
    }

    [BrowserFact]
    public async Task Users_NavigationDrawer_IsThereWithoutACircuitAndReachesTheInteractivePages()
    {
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        var circuits = await CircuitTrafficAsync(Page);

        await Page.GotoAsync("admin/users");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(circuits);

        await Page.Locator("#app-navigation").GetByRole(AriaRole.Link, new() { Name = "Integrity" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Audit log integrity", Level = 1 })).ToBeVisibleAsync();
        await Page.WaitForInteractiveAsync(AccountPages.ThemeToggleSelector);
        // The check can fail: the interactive page does open its circuit.
        Assert.NotEmpty(circuits);
    }

    [BrowserFact]
    public async Task Timeline_EndAllSessions_ConfirmedInTheDisclosure_SignsTheUserOutWithoutACircuit()
    {
        var email = NewEmail("ended");
        var user = await NewPageAsync();
        await user.RegisterAsync(email, UserPassword);
        var userId = await Server.UserIdAsync(email);
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        var circuits = await CircuitTrafficAsync(Page);

        await Page.GotoAsync($"admin/users/{userId}?range=7d");
        await Page.GetByText("End all sessions").First.ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "End all sessions" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Ended 1 session of {email}." })).ToBeVisibleAsync();
        Assert.Contains("range=7d", Page.Url, StringComparison.Ordinal);
        Assert.Contains("ended=1", Page.Url, StringComparison.Ordinal);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(circuits);
        var revoked = Assert.Single(await Server.LoginLogsOfAsync(email), row => row.EventType == LoginEventType.SessionRevoked);
        Assert.Equal("EndedByAdmin", revoked.ErrorCode);
    }

    [BrowserFact]
    public async Task Overview_SignInElsewhere_ShowsTheNewEventsNoticeLiveAndItsRefreshReloadsThePage()
    {
        var email = NewEmail("overview-live");
        await Server.CreateUserAsync(email);
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        var circuits = await CircuitTrafficAsync(Page);

        await Page.GotoAsync("admin?range=24h");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true, Level = 1 })).ToBeVisibleAsync();
        // The page is static; the notice alone connects a circuit, and it subscribes to the feed before its first live render
        // (data-live). The feed's subscriber count could not tell: earlier pages' circuits come and go beside it.
        await Expect(Page.Locator(".new-events-notice[data-live=true]")).ToHaveCountAsync(1);
        Assert.NotEmpty(circuits);
        var user = await NewPageAsync();
        await user.SignInAsync(email, UserPassword);

        var notice = Page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = NewEventsPattern() });
        await Expect(notice).ToBeVisibleAsync();
        await notice.GetByRole(AriaRole.Link, new() { Name = "Refresh" }).ClickAsync();

        await Expect(Page.Locator(".newest-events tbody tr").Filter(new() { HasText = email }).First).ToBeVisibleAsync();
        Assert.Contains("range=24h", Page.Url, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d+ new events? since this page was loaded\.")]
    private static partial Regex NewEventsPattern();
}
