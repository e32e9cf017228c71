using System.Text.RegularExpressions;
using LoginAudit.Data.Auditing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>
/// The sign-in history grid as an administrator uses it (a static page: README, "Memory per open page"): the filter form
/// and links that put the view in the URL, the back button, the columns form, the CSV export, the live notice island.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class LoginHistoryTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    [BrowserFact]
    public async Task Filter_FailedOutcomeInTheUrl_ShowsOnlyTheFailures()
    {
        var email = NewEmail("filtered");
        await SignedInAdminAfterAFailureOfAsync(email);

        await Page.GotoAsync($"admin/logins?out=fail&q={Uri.EscapeDataString(email)}");

        var rows = Page.Locator(".history-grid tbody tr").Filter(new() { HasText = email });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Sign-in failed");
        await Expect(rows).ToContainTextAsync("Wrong password");
        await Expect(Page.Locator(".history-count")).ToHaveTextAsync("1 event");

        // The same search without the outcome filter shows the whole story: sign-in, sign-out, failure.
        await Page.GotoAsync($"admin/logins?q={Uri.EscapeDataString(email)}");
        await Expect(rows).ToHaveCountAsync(3);
        await ScreenshotAsync(Page, "admin-logins-filtered");
    }

    [BrowserFact]
    public async Task ExportCsv_OfAFilteredPage_DownloadsTheHeaderAndTheRows()
    {
        var email = NewEmail("exported");
        await (await NewPageAsync()).RegisterAsync(email, UserPassword);
        var registered = Assert.Single(await Server.LoginLogsOfAsync(email));
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        await Page.GotoAsync($"admin/logins?q={Uri.EscapeDataString(email)}");
        await Expect(Page.Locator(".history-grid tbody tr").Filter(new() { HasText = email })).ToHaveCountAsync(1);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());

        Assert.EndsWith(".csv", download.SuggestedFilename);
        var path = Path.Combine(BrowserTest.ScreenshotDirectory, "..", "downloads", download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllLinesAsync(path)).Where(line => line.Length > 0).ToList();
        File.Delete(path);
        Assert.StartsWith("id,user_id,user_name,event_type,succeeded,failure_reason", lines[0].TrimStart('\uFEFF'));
        var row = Assert.Single(lines.Skip(1));
        Assert.StartsWith($"{registered.Id},{registered.UserId},{email},SignInSucceeded,true,", row);
        Assert.Contains(",Direct,127.0.0.1,", row);
    }

    [BrowserFact]
    public async Task LiveNotice_SignInInAnotherBrowser_AppearsOnTheOpenGrid()
    {
        var email = NewEmail("live");
        var user = await NewPageAsync();
        await user.RegisterAsync(email, UserPassword);
        await user.SignOutWithNavMenuAsync();
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        await Page.GotoAsync($"admin/logins?q={Uri.EscapeDataString(email)}&sort=Time&dir=asc");
        var rows = Page.Locator(".history-grid tbody tr").Filter(new() { HasText = email });
        await Expect(rows).ToHaveCountAsync(2);
        // The page is static; its notice alone connects a circuit (and subscribes to the feed as it starts).
        await Expect(Page.Locator(".new-events-notice[data-live=true]")).ToHaveCountAsync(1);

        await user.SignInAsync(email, UserPassword);

        var notice = Page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = NewEventsPattern() });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await ScreenshotAsync(Page, "admin-logins-live-notice");
        await notice.GetByRole(AriaRole.Link, new() { Name = "Refresh" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.First).ToContainTextAsync("Signed in");
        await Expect(notice).ToHaveCountAsync(0);
        Assert.Contains("q=", Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("sort=", Page.Url, StringComparison.Ordinal);
        var newest = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal((LoginEventType.SignInSucceeded, SignInMethod.Password), (newest.EventType, newest.SignInMethod));
    }

    [BrowserFact]
    public async Task FilterForm_SearchOutcomeAndEvent_PutThemInTheUrlAndTheBackButtonRestoresThem()
    {
        var email = NewEmail("formed");
        await SignedInAdminAfterAFailureOfAsync(email);
        await Page.GotoAsync("admin/logins?r=7d");

        var form = Page.GetByRole(AriaRole.Search, new() { Name = "Filters" });
        await form.GetByLabel("Search", new() { Exact = true }).FillAsync(email);
        await form.GetByLabel("IP or network").FillAsync("127.0.0.0/8");
        await form.Locator("#history-outcome").SelectOptionAsync("fail");
        await Page.Locator("#history-events summary").ClickAsync();
        await Page.Locator("#history-events").GetByLabel("Sign-in failed").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

        await Page.WaitForURLAsync(url => url.Contains("out=fail", StringComparison.Ordinal) && url.Contains("ev=SignInFailed", StringComparison.Ordinal));
        Assert.Contains("r=7d", Page.Url, StringComparison.Ordinal);
        Assert.Contains("ip=127.0.0.0%2F8", Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("zone=", Page.Url, StringComparison.Ordinal);
        var rows = Page.Locator(".history-grid tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Wrong password");
        await Expect(form.GetByLabel("Search", new() { Exact = true })).ToHaveValueAsync(email);

        await Page.GoBackAsync();
        await Page.WaitForURLAsync(url => !url.Contains("out=", StringComparison.Ordinal));
        await Expect(form.GetByLabel("Search", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(form.Locator("#history-outcome")).ToHaveValueAsync("any");
    }

    [BrowserFact]
    public async Task SortAndPages_HeadingAndPagerLinks_ChangeTheRowsAndKeepTheFilter()
    {
        var email = NewEmail("paged");
        var user = await NewPageAsync();
        await user.RegisterAsync(email, UserPassword);
        await user.SignOutWithNavMenuAsync();
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        await Page.GotoAsync($"admin/logins?q={Uri.EscapeDataString(email)}");
        var rows = Page.Locator(".history-grid tbody tr");
        await Expect(rows.First).ToContainTextAsync("Signed out");

        await Page.Locator(".history-grid thead th").Filter(new() { HasText = "Time" }).GetByRole(AriaRole.Link).ClickAsync();

        await Page.WaitForURLAsync(url => url.Contains("dir=asc", StringComparison.Ordinal));
        await Expect(rows.First).ToContainTextAsync("Signed in");
        await Expect(Page.Locator(".history-grid thead th[aria-sort=ascending]")).ToContainTextAsync("Time");
        Assert.Contains("q=", Page.Url, StringComparison.Ordinal);
        await Page.Locator("a.history-page-size").Filter(new() { HasText = "50" }).ClickAsync();
        await Page.WaitForURLAsync(url => url.Contains("size=50", StringComparison.Ordinal));
        Assert.Contains("dir=asc", Page.Url, StringComparison.Ordinal);
        await Expect(Page.Locator(".history-page-info")).ToHaveTextAsync("1–2 of 2 events");
    }

    [BrowserFact]
    public async Task Columns_HideEventAndMoveUserInTheForm_AreRememberedOnTheNextVisit()
    {
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        await Page.GotoAsync("admin/logins?out=fail");
        var headings = Page.Locator(".history-grid thead th a.history-sort");
        await Expect(headings.Nth(1)).ToHaveTextAsync("Event");

        await Page.GetByText("Columns", new() { Exact = true }).ClickAsync();
        await Page.Locator(".column-chooser-item[data-column=Event] input[type=checkbox]").UncheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Move User earlier" }).ClickAsync();

        // Event hidden, User before Outcome: Time, User, Outcome (hiding alone would give Time, Outcome, User).
        await Expect(headings.Nth(1)).ToHaveTextAsync("User");
        await Expect(headings.Nth(2)).ToHaveTextAsync("Outcome");
        Assert.EndsWith("admin/logins?out=fail", Page.Url, StringComparison.Ordinal);
        await Page.GotoAsync("admin/logins");
        await Expect(headings.Nth(1)).ToHaveTextAsync("User");
        await Expect(headings.Filter(new() { HasText = "Event" })).ToHaveCountAsync(0);

        await Page.GetByText("Columns", new() { Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Reset to default" }).ClickAsync();
        await Expect(headings.Nth(1)).ToHaveTextAsync("Event");
    }

    [BrowserFact]
    public async Task Details_ClickOnARow_OpensThePanelAndItsCloseLinkShutsIt()
    {
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        await Page.GotoAsync("admin/logins?r=30d");

        await Page.Locator(".history-grid tbody tr.history-row").First.Locator("td").Nth(3).ClickAsync();

        await Expect(Page.Locator(".login-details")).ToBeVisibleAsync();
        await Expect(Page.Locator(".history-grid tbody tr.history-row.selected")).ToHaveCountAsync(1);
        Assert.Contains("details=", Page.Url, StringComparison.Ordinal);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Close the details" }).ClickAsync();
        await Expect(Page.Locator(".login-details")).ToHaveCountAsync(0);
    }

    /// <summary>A new user's story: registered (a sign-in), signed out, a wrong password; then the admin signs in here.</summary>
    private async Task SignedInAdminAfterAFailureOfAsync(string email)
    {
        var user = await NewPageAsync();
        await user.RegisterAsync(email, UserPassword);
        await user.SignOutWithNavMenuAsync();
        await user.SubmitSignInAsync(email, "Not-the-passw0rd!");
        await Expect(user.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
    }

    [GeneratedRegex(@"^1 new event\b")]
    private static partial Regex NewEventsPattern();
}
