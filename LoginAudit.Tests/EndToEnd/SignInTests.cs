using LoginAudit.Data.Auditing;
using LoginAudit.Data.UserAgents;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace LoginAudit.Tests.EndToEnd;

/// <summary>Register, sign in, fail, get locked out and sign out in Chromium; each event checked on the page and in <c>login_logs</c>.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class SignInTests(ChromiumFixture chromium, ServerFixture app, ITestOutputHelper output)
    : BrowserTest(chromium, app, output), IClassFixture<ServerFixture>
{
    [BrowserFact]
    public async Task Register_NewUser_SignsInDirectlyAndRecordsIt()
    {
        var email = NewEmail("register");

        await Page.RegisterAsync(email, UserPassword);

        await Expect(Page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = email })).ToBeVisibleAsync();
        var row = Assert.Single(await Server.LoginLogsOfAsync(email));
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.True(row.Succeeded);
        Assert.Equal(SignInMethod.Direct, row.SignInMethod);
        Assert.Equal(await Server.UserIdAsync(email), row.UserId);
        Assert.Equal("127.0.0.1", row.IpAddress);
        Assert.Matches("^[0-9a-f]{32}$", row.SessionId);
    }

    [BrowserFact]
    public async Task SignIn_RightPassword_RecordsChromiumOnLinuxDesktopFromLoopback()
    {
        var email = NewEmail("sign-in");
        await (await NewPageAsync()).RegisterAsync(email, UserPassword);

        await Page.SignInAsync(email, UserPassword);

        await ScreenshotAsync(Page, "signed-in-start-page");
        var row = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.True(row.Succeeded);
        Assert.Null(row.FailureReason);
        Assert.Equal(SignInMethod.Password, row.SignInMethod);
        Assert.Equal(await Server.UserIdAsync(email), row.UserId);
        Assert.Equal("127.0.0.1", row.IpAddress);
        Assert.Equal(await Page.EvaluateAsync<string>("navigator.userAgent"), row.UserAgent);
        Assert.Contains(row.Browser, new[] { "Chrome", "Chromium" });
        Assert.Equal("Linux", row.Os);
        Assert.Equal(DeviceType.Desktop, row.DeviceType);
        Assert.False(row.IsBot);
        Assert.Matches("^[0-9a-f]{32}$", row.SessionId);
    }

    [BrowserFact]
    public async Task SignIn_WrongPassword_ShowsInvalidAttemptAndRecordsInvalidPassword()
    {
        var email = NewEmail("wrong-password");
        await (await NewPageAsync()).RegisterAsync(email, UserPassword);

        await Page.SubmitSignInAsync(email, "Not-the-passw0rd!");

        await Expect(Page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        Assert.EndsWith("/Account/Login", Page.Url);
        await ScreenshotAsync(Page, "login-invalid-attempt");
        var row = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal(LoginEventType.SignInFailed, row.EventType);
        Assert.False(row.Succeeded);
        Assert.Equal(LoginFailureReason.InvalidPassword, row.FailureReason);
        Assert.Equal(SignInMethod.Password, row.SignInMethod);
        Assert.Equal(await Server.UserIdAsync(email), row.UserId);
        Assert.Equal("127.0.0.1", row.IpAddress);
        Assert.Null(row.SessionId);
    }

    [BrowserFact]
    public async Task SignIn_UnknownUser_ShowsInvalidAttemptAndRecordsNameWithoutUser()
    {
        var email = NewEmail("nobody");

        await Page.SubmitSignInAsync(email, UserPassword);

        await Expect(Page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        var row = Assert.Single(await Server.LoginLogsOfAsync(email));
        Assert.Equal(LoginEventType.SignInFailed, row.EventType);
        Assert.False(row.Succeeded);
        Assert.Equal(LoginFailureReason.UnknownUser, row.FailureReason);
        Assert.Null(row.UserId);
        Assert.Equal(email, row.UserName);
        Assert.Equal("127.0.0.1", row.IpAddress);
    }

    [BrowserFact]
    public async Task SignIn_FiveWrongPasswords_LocksOutAndShowsLockoutPage()
    {
        var email = NewEmail("lockout");
        await (await NewPageAsync()).RegisterAsync(email, UserPassword);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await Page.SubmitSignInAsync(email, $"Wrong-passw0rd-{attempt}");
            await Expect(Page.GetByText("Invalid login attempt")).ToBeVisibleAsync();
        }

        await Page.SubmitSignInAsync(email, "Wrong-passw0rd-5");

        await Page.WaitForURLAsync("**/Account/Lockout");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Locked out" })).ToBeVisibleAsync();
        await ScreenshotAsync(Page, "lockout");
        var failures = (await Server.LoginLogsOfAsync(email)).Skip(1).ToList();
        Assert.Equal(
            [.. Enumerable.Repeat((LoginEventType.SignInFailed, (LoginFailureReason?)LoginFailureReason.InvalidPassword), 4),
             (LoginEventType.LockedOut, LoginFailureReason.LockedOut)],
            failures.Select(row => (row.EventType, row.FailureReason)));
        Assert.All(failures, row => Assert.False(row.Succeeded));

        // Locked means locked: even the right password is refused now, and that refusal is recorded too.
        await Page.SubmitSignInAsync(email, UserPassword);
        await Page.WaitForURLAsync("**/Account/Lockout");
        var refused = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal((LoginEventType.SignInFailed, LoginFailureReason.LockedOut), (refused.EventType, refused.FailureReason));
    }

    [BrowserFact]
    public async Task SignOut_NavMenuLogout_RecordsSignedOutForTheSameSession()
    {
        var email = NewEmail("sign-out");
        await (await NewPageAsync()).RegisterAsync(email, UserPassword);
        await Page.SignInAsync(email, UserPassword);

        await Page.SignOutWithNavMenuAsync();

        var rows = await Server.LoginLogsOfAsync(email);
        var signIn = rows.Single(row => row.SignInMethod == SignInMethod.Password);
        var signOut = rows[^1];
        Assert.Equal(LoginEventType.SignedOut, signOut.EventType);
        Assert.True(signOut.Succeeded);
        Assert.Equal(signIn.SessionId, signOut.SessionId);
        Assert.Equal(signIn.UserId, signOut.UserId);
        Assert.Equal("127.0.0.1", signOut.IpAddress);

        // The cookie is gone for real: a signed-in-only page asks for a sign-in again.
        await Page.GotoAsync("account/sign-ins");
        await Page.WaitForURLAsync("**/Account/Login?**");
    }

    [BrowserFact]
    public async Task MySignIns_SignOutAllOtherSessions_EndsTheOtherBrowsersSessionAndRecordsIt()
    {
        var email = NewEmail("my-sessions");
        await Page.RegisterAsync(email, UserPassword);
        var other = await NewPageAsync();
        await other.SignInAsync(email, UserPassword);
        var otherSession = (await Server.LoginLogsOfAsync(email))[^1].SessionId;

        await Page.GotoAsync("account/sign-ins");
        var sessions = Page.Locator(".active-sessions li");
        await Expect(sessions).ToHaveCountAsync(2);
        await Expect(sessions.Filter(new() { HasText = "This session" })).ToHaveCountAsync(1);
        await Expect(Page.Locator(".recent-sign-ins tbody tr")).ToHaveCountAsync(2);
        await ScreenshotAsync(Page, "my-sign-ins");
        // The sign-out changes the security stamp: nothing of this page may still be in flight then (see AccountPages).
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Page.GetByRole(AriaRole.Button, new() { Name = "This wasn't me: sign out all my other sessions" }).ClickAsync();

        await Expect(Page.GetByText("1 other session was signed out.")).ToBeVisibleAsync();
        await Expect(sessions).ToHaveCountAsync(1);
        var revoked = (await Server.LoginLogsOfAsync(email))[^1];
        Assert.Equal(LoginEventType.SessionRevoked, revoked.EventType);
        Assert.Equal(otherSession, revoked.SessionId);
        Assert.Equal("EndedByUser", revoked.ErrorCode);

        // The other browser is signed out at its next request.
        await other.GotoAsync("account/sign-ins");
        await other.WaitForURLAsync("**/Account/Login?**");
    }
}
