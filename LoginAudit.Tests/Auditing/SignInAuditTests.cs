using System.Net;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Auditing;

/// <summary>Each authentication event, through the real sign-in pipeline, writes exactly one row.</summary>
public class SignInAuditTests : AppTest
{
    public SignInAuditTests()
    {
    }

    protected SignInAuditTests(DatabaseProvider provider)
        : base(provider: provider)
    {
    }

    private const string Email = "alice@example.com";

    public override async Task InitializeAsync() => await App.CreateUserAsync(Email);

    [DatabaseFact]
    public async Task SignIn_RightPassword_WritesOneSucceededRowAndOpensItsSession()
    {
        var browser = App.CreateBrowser();

        var response = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.True(row.Succeeded);
        Assert.Null(row.FailureReason);
        Assert.Equal(SignInMethod.Password, row.SignInMethod);
        Assert.Equal(Email, row.UserName);
        Assert.NotNull(row.UserId);
        Assert.Equal("203.0.113.10", row.IpAddress);
        Assert.Equal("Chrome", row.Browser);
        Assert.Equal("Windows", row.Os);
        Assert.Equal(DeviceType.Desktop, row.DeviceType);
        Assert.False(row.IsBot);
        Assert.False(row.Suspicious);
        Assert.Matches("^[0-9a-f]{32}$", row.SessionId);
        var session = await App.WithDatabaseAsync(db => db.LoginSessions.SingleAsync());
        Assert.Equal(row.SessionId, session.SessionId);
        Assert.Null(session.EndedAt);
    }

    [DatabaseFact]
    public async Task SignIn_WrongPassword_WritesInvalidPasswordWithTheUser()
    {
        await App.CreateBrowser().SignInAsync(Email, "Wrong-Passw0rd!");

        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginEventType.SignInFailed, row.EventType);
        Assert.False(row.Succeeded);
        Assert.Equal(LoginFailureReason.InvalidPassword, row.FailureReason);
        Assert.NotNull(row.UserId);
        Assert.Null(row.SessionId);
    }

    [DatabaseFact]
    public async Task SignIn_UnknownUserName_WritesUnknownUserWithoutUserIdAndKeepsTheName()
    {
        await App.CreateBrowser().SignInAsync("mallory@example.com", "Whatever-1!");

        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginFailureReason.UnknownUser, row.FailureReason);
        Assert.Null(row.UserId);
        Assert.Equal("mallory@example.com", row.UserName);
    }

    [DatabaseFact]
    public async Task SignIn_FifthWrongPassword_WritesLockedOutThenLaterAttemptsAreRefusedAsLockedOut()
    {
        var browser = App.CreateBrowser();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync(Email, "Wrong-Passw0rd!");
        }

        var lockedResponse = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var rows = await App.LoginLogsAsync();
        Assert.Equal(6, rows.Count);
        Assert.All(rows.Take(4), row => Assert.Equal(LoginFailureReason.InvalidPassword, row.FailureReason));
        Assert.Equal(LoginEventType.LockedOut, rows[4].EventType);
        Assert.Equal(LoginFailureReason.LockedOut, rows[4].FailureReason);
        Assert.Equal(LoginEventType.SignInFailed, rows[5].EventType);
        Assert.Equal(LoginFailureReason.LockedOut, rows[5].FailureReason);
        Assert.EndsWith("/Account/Lockout", lockedResponse.Headers.Location?.ToString());
    }

    [DatabaseFact]
    public async Task SignOut_AfterSignIn_WritesSignedOutWithTheSameSessionAndClosesIt()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var response = await browser.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var rows = await App.LoginLogsAsync();
        Assert.Equal([LoginEventType.SignInSucceeded, LoginEventType.SignedOut], rows.Select(row => row.EventType));
        Assert.Equal(rows[0].SessionId, rows[1].SessionId);
        Assert.Equal(rows[0].UserId, rows[1].UserId);
        var session = await App.WithDatabaseAsync(db => db.LoginSessions.SingleAsync());
        Assert.Equal(LoginEventType.SignedOut, session.EndedBy);
    }

    [DatabaseFact]
    public async Task CopiedCookie_AfterSignOut_IsRefusedWithoutAnotherRow()
    {
        var browser = App.CreateBrowser();
        var signIn = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(value => value.StartsWith(".AspNetCore.Identity.Application=")).Split(';')[0];
        await browser.SignOutAsync();

        var thief = App.CreateBrowser();
        thief.DefaultRequestHeaders.Add("Cookie", cookie);
        var page = await thief.GetStringAsync("/");

        Assert.DoesNotContain("You are signed in", page);
        Assert.Equal([LoginEventType.SignInSucceeded, LoginEventType.SignedOut], (await App.LoginLogsAsync()).Select(row => row.EventType));
    }

    [DatabaseFact]
    public async Task RememberMeCookie_InANewBrowserSession_IsNotANewSignIn()
    {
        var browser = App.CreateBrowser();
        var signIn = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword, rememberMe: true);
        var persistentCookie = signIn.Headers.GetValues("Set-Cookie").Single(cookie => cookie.StartsWith(".AspNetCore.Identity.Application="));
        Assert.Contains("expires=", persistentCookie, StringComparison.OrdinalIgnoreCase);

        var reopened = App.CreateBrowser();
        reopened.DefaultRequestHeaders.Add("Cookie", persistentCookie.Split(';')[0]);
        var page = await reopened.GetStringAsync("/");

        Assert.Contains($"You are signed in as <strong>{Email}</strong>", page);
        Assert.Single(await App.LoginLogsAsync());
    }

    [DatabaseFact]
    public async Task SecurityStampChange_NextRequest_WritesSessionRevokedOnceAndSignsTheCookieOut()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        await App.WithUsersAsync(async users => await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(Email))!));

        var page = await browser.GetStringAsync("/");
        await browser.GetStringAsync("/");

        Assert.DoesNotContain("You are signed in", page);
        var rows = await App.LoginLogsAsync();
        Assert.Equal([LoginEventType.SignInSucceeded, LoginEventType.SessionRevoked], rows.Select(row => row.EventType));
        Assert.Equal(rows[0].SessionId, rows[1].SessionId);
        Assert.Equal(rows[0].UserId, rows[1].UserId);
    }

    [DatabaseFact]
    public async Task ExpiredSession_WhenTheSweepRuns_WritesSessionExpiredOnce()
    {
        await App.CreateBrowser().SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var expiry = App.Services.GetRequiredService<LoginAudit.Data.Sessions.SessionExpiry>();
        Assert.Equal(0, await expiry.EndExpiredSessionsAsync());

        // Moves the time alone: the app's own sweep must not run first (Advance would fire its timer).
        App.Clock.AdjustTime(App.Clock.GetUtcNow().AddDays(15));
        var first = await expiry.EndExpiredSessionsAsync();
        var second = await expiry.EndExpiredSessionsAsync();

        Assert.Equal((1, 0), (first, second));
        var rows = await App.LoginLogsAsync();
        Assert.Equal([LoginEventType.SignInSucceeded, LoginEventType.SessionExpired], rows.Select(row => row.EventType));
        Assert.Equal(rows[0].SessionId, rows[1].SessionId);
        Assert.Equal(Email, rows[1].UserName);
    }

    [DatabaseFact]
    public async Task Register_SignsTheNewUserInDirectly_WritesOneDirectSignIn()
    {
        var response = await App.CreateBrowser().SubmitFormAsync("/Account/Register", new Dictionary<string, string>
        {
            ["Input.Email"] = "bob@example.com",
            ["Input.Password"] = LoginAuditAppFactory.UserPassword,
            ["Input.ConfirmPassword"] = LoginAuditAppFactory.UserPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.Equal(SignInMethod.Direct, row.SignInMethod);
        Assert.Equal("bob@example.com", row.UserName);
    }
}

[OnPostgreSql]
public sealed class SignInAuditOnPostgreSqlTests() : SignInAuditTests(DatabaseProvider.PostgreSQL);
