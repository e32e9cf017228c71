using System.Text.RegularExpressions;
using LoginAudit.Data.Auditing;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>The sign-in history grid as an administrator uses it: filters in the URL, the CSV export, the live notice.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class LoginHistoryTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    [BrowserFact]
    public async Task Filter_FailedOutcomeInTheUrl_ShowsOnlyTheFailures()
    {
        var email = NewEmail("filtered");
        var user = await NewPageAsync();
        await user.RegisterAsync(email, UserPassword);
        await user.SignOutWithNavMenuAsync();
        await user.SubmitSignInAsync(email, "Not-the-passw0rd!");
        await Expect(user.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);

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

        // A click while Blazor swaps the prerendered page for the interactive one can land on a detached link.
        await Page.WaitForInteractiveAsync(AccountPages.ThemeToggleSelector);
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
        await Page.GotoAsync($"admin/logins?q={Uri.EscapeDataString(email)}");
        var rows = Page.Locator(".history-grid tbody tr").Filter(new() { HasText = email });
        await Expect(rows).ToHaveCountAsync(2);
        await Page.WaitForInteractiveAsync(AccountPages.ThemeToggleSelector);

        await user.SignInAsync(email, UserPassword);

        var notice = Page.GetByRole(AriaRole.Button, new() { NameRegex = NewEventsPattern() });
        await Expect(notice).ToHaveTextAsync(NewEventsPattern());
        await Expect(rows).ToHaveCountAsync(2);
        await ScreenshotAsync(Page, "admin-logins-live-notice");
        await notice.ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.First).ToContainTextAsync("Signed in");
        await Expect(notice).ToHaveCountAsync(0);
        var newest = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal((LoginEventType.SignInSucceeded, SignInMethod.Password), (newest.EventType, newest.SignInMethod));
    }

    [GeneratedRegex(@"^1 new event\b")]
    private static partial Regex NewEventsPattern();
}
