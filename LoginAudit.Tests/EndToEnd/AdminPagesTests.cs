using HttpStatusCode = System.Net.HttpStatusCode;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>What an administrator sees of a user's sign-in events, and what a user who is not one gets.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AdminPagesTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    private const string ThemeCookie = "loginaudit-theme";

    [BrowserFact]
    public async Task SignInHistory_AfterAUsersEvents_ShowsEachAsARow()
    {
        var email = NewEmail("watched");
        var unknown = NewEmail("unknown");
        var user = await NewPageAsync();
        await user.RegisterAsync(email, UserPassword);
        await user.SignOutWithNavMenuAsync();
        await user.SubmitSignInAsync(email, "Not-the-passw0rd!");
        await Expect(user.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await user.SubmitSignInAsync(unknown, UserPassword);
        await Expect(user.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        await user.SignInAsync(email, UserPassword);

        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        await Page.GotoAsync("admin/logins");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in history" })).ToBeVisibleAsync();
        var rowsOfUser = Page.Locator(".history-grid tbody tr").Filter(new() { HasText = email });
        await Expect(rowsOfUser).ToHaveCountAsync(4);
        await Expect(rowsOfUser.Filter(new() { HasText = "Signed in" })).ToHaveCountAsync(2);
        await Expect(rowsOfUser.Filter(new() { HasText = "Signed out" })).ToHaveCountAsync(1);
        await Expect(rowsOfUser.Filter(new() { HasText = "Sign-in failed" }).Filter(new() { HasText = "Wrong password" })).ToHaveCountAsync(1);
        var newest = rowsOfUser.First;
        await Expect(newest).ToContainTextAsync("Signed in");
        await Expect(newest).ToContainTextAsync("127.0.0.1");
        await Expect(newest).ToContainTextAsync("Chrome");
        await Expect(newest).ToContainTextAsync("Linux");
        await Expect(newest).ToContainTextAsync("Desktop");
        var unknownRow = Page.Locator(".history-grid tbody tr").Filter(new() { HasText = unknown });
        await Expect(unknownRow).ToHaveCountAsync(1);
        await Expect(unknownRow).ToContainTextAsync("Unknown user");
        await Expect(unknownRow).ToContainTextAsync("no account");
        await Page.SetViewportSizeAsync(1600, 900);
        await ScreenshotAsync(Page, "admin-logins-light");

        await Page.Context.AddCookiesAsync([new Cookie { Name = ThemeCookie, Value = "material-dark", Url = Server.BaseAddress.ToString() }]);
        await Page.ReloadAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "dark");
        await Expect(rowsOfUser).ToHaveCountAsync(4);
        await ScreenshotAsync(Page, "admin-logins-dark");
    }

    [BrowserFact]
    public async Task DashboardPages_AsAdmin_RenderTheirDataWithoutErrors()
    {
        var email = NewEmail("toured");
        var user = await NewPageAsync();
        await user.RegisterAsync(email, UserPassword);
        await user.SignOutWithNavMenuAsync();
        await user.SubmitSignInAsync(email, "Not-the-passw0rd!");
        await Expect(user.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        var userId = await Server.UserIdAsync(email);
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);

        foreach (var (path, heading, shows, screenshot) in new[]
        {
            ("admin", "Overview", (string?)null, "admin-overview"),
            ("admin/failures", "Failed sign-ins", null, "admin-failures"),
            ("admin/users", "Users", email, "admin-users"),
            ($"admin/users/{userId}", email, "Wrong password", "admin-user-timeline"),
        })
        {
            var response = await Page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 })).ToBeVisibleAsync();
            if (shows is not null)
            {
                await Expect(Page.Locator("article table").GetByText(shows).First).ToBeVisibleAsync();
            }

            await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await ScreenshotAsync(Page, screenshot);
        }
    }

    [BrowserFact]
    public async Task SignInHistory_WithDarkThemeCookie_IsRenderedDark()
    {
        var page = await NewPageAsync([new Cookie { Name = ThemeCookie, Value = "material-dark", Url = Server.BaseAddress.ToString() }]);
        await page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);

        await page.GotoAsync("admin/logins");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "dark");
        await Expect(page.Locator("meta[name=color-scheme]")).ToHaveAttributeAsync("content", "dark");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in history" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task ThemeMenu_ChooseDark_SwitchesToDarkAndRemembersItInTheCookie()
    {
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        // An interactive page's theme menu (the static pages' theme buttons are app.js's).
        await Page.GotoAsync("admin/integrity");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "light");
        await Page.WaitForInteractiveAsync(AccountPages.ThemeToggleSelector);

        await Page.Locator(AccountPages.ThemeToggleSelector).ClickAsync();
        await Page.Locator(".theme-choice.theme-dark").ClickAsync();

        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "dark");
        var cookie = Assert.Single(await Page.Context.CookiesAsync(), cookie => cookie.Name == ThemeCookie);
        Assert.Equal("dark", cookie.Value);

        // Remembered: the server renders the next page dark from the cookie.
        await Page.ReloadAsync();
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("data-bs-theme", "dark");
        await Expect(Page.Locator("meta[name=color-scheme]")).ToHaveAttributeAsync("content", "dark");
    }

    [BrowserFact]
    public async Task SignInHistory_AsUserWithoutAdminRole_ShowsAccessDenied()
    {
        await Page.RegisterAsync(NewEmail("not-admin"), UserPassword);
        await Expect(Page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Sign-in history" })).ToHaveCountAsync(0);

        var response = await Page.GotoAsync("admin/logins");

        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Expect(Page.Locator("table")).ToHaveCountAsync(0);
        await ScreenshotAsync(Page, "access-denied");
    }

    [BrowserFact]
    public async Task SignInHistory_Anonymous_AsksToSignInFirst()
    {
        await Page.GotoAsync("admin/logins");

        await Page.WaitForURLAsync("**/Account/Login?ReturnUrl=%2Fadmin%2Flogins");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
        await ScreenshotAsync(Page, "login");
    }
}
