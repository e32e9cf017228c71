using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>An open interactive page (a Blazor circuit) of a session that another browser ends.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SessionCircuitTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    [BrowserFact]
    public async Task OpenAdminPage_SessionEndedFromAnotherBrowser_IsSignedOutWithoutARequestOfItsOwn()
    {
        var watching = await NewPageAsync();
        await watching.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        // An interactive page (the history is static: its circuits are its islands').
        await watching.GotoAsync("admin/integrity");
        await watching.WaitForInteractiveAsync(AccountPages.ThemeToggleSelector);
        await Page.SignInAsync(ServerFixture.AdminEmail, ServerFixture.AdminPassword);
        await Page.GotoAsync("account/sign-ins");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await Page.GetByRole(AriaRole.Button, new() { Name = "This wasn't me: sign out all my other sessions" }).ClickAsync();

        await Expect(Page.GetByText("1 other session was signed out.")).ToBeVisibleAsync();
        // The circuit is told through the live feed (the periodic check is a minute away): its page's authorization
        // sends it to sign in, and its cookie no longer opens the admin pages.
        await watching.WaitForURLAsync("**/Account/Login?**");
        await watching.GotoAsync("admin/logins");
        await watching.WaitForURLAsync("**/Account/Login?**");
    }
}
