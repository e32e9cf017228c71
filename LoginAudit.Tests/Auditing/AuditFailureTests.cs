using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Auditing;

/// <summary>When the audit row cannot be written, a sign-in fails closed and a sign-out still signs out.</summary>
public sealed class AuditFailureTests : AppTest
{
    private const string Email = "grace@example.com";

    public override async Task InitializeAsync() => await App.CreateUserAsync(Email);

    [Fact]
    public async Task SignIn_WhenTheAuditWriteFails_IssuesNoCookieAndLeavesNoHalfWrittenSession()
    {
        await RefuseInsertsAsync(LoginEventType.SignInSucceeded);
        var browser = App.CreateBrowser();

        var response = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(cookie => cookie.StartsWith(".AspNetCore.Identity.Application=")));
        Assert.Empty(await App.LoginLogsAsync());
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.LoginSessions.CountAsync()));
        Assert.DoesNotContain("You are signed in", await browser.GetStringAsync("/"));
    }

    [Fact]
    public async Task SignOut_WhenTheAuditWriteFails_StillSignsOut()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        await RefuseInsertsAsync(LoginEventType.SignedOut);

        var response = await browser.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("You are signed in", await browser.GetStringAsync("/"));
        Assert.Equal([LoginEventType.SignInSucceeded], (await App.LoginLogsAsync()).Select(row => row.EventType));
        var session = await App.WithDatabaseAsync(db => db.LoginSessions.SingleAsync());
        Assert.Null(session.EndedAt);
    }

    private Task<int> RefuseInsertsAsync(LoginEventType eventType)
    {
        var trigger = $"CREATE TRIGGER refuse_audit BEFORE INSERT ON login_logs WHEN NEW.event_type = '{eventType}' BEGIN SELECT RAISE(ABORT, 'disk full'); END;";
        return App.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync(trigger));
    }
}
