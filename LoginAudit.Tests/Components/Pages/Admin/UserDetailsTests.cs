using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.ComponentTesting;
using Microsoft.EntityFrameworkCore;
using Radzen.Blazor;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using UserDetailsPage = LoginAudit.Web.Components.Pages.Admin.UserDetails;

namespace LoginAudit.Tests.Components.Pages.Admin;

public sealed class UserDetailsTests : AdminPageTestContext
{
    protected override async Task SeedAsync()
    {
        await Database.AddAsync(User("u-alice", "alice@example.com"), User("u-bob", "bob@example.com"));
        await Database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-10), "u-alice", "alice@example.com", sessionId: "out", ip: "192.0.2.1"),
            Log(LoginEventType.SignedOut, Now.AddHours(-9), "u-alice", "alice@example.com", sessionId: "out"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-8), "u-alice", "alice@example.com", sessionId: "expired"),
            Log(LoginEventType.SessionExpired, Now.AddHours(-2), "u-alice", "alice@example.com", sessionId: "expired"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-7), "u-alice", "alice@example.com", sessionId: "revoked"),
            Log(LoginEventType.SessionRevoked, Now.AddHours(-6.5), "u-alice", "alice@example.com", sessionId: "revoked"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-1), "u-alice", "alice@example.com", sessionId: "active",
                browser: "Safari", os: "iOS", device: DeviceType.Mobile, location: "Vienna, AT"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-11), "u-alice", "alice@example.com", LoginFailureReason.InvalidPassword, ip: "198.51.100.7"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-4), "u-bob", "bob@example.com", sessionId: "bob-1"));
        await Database.AddAsync(
            Session("out", "u-alice", Now.AddHours(-10), Now.AddHours(2), Now.AddHours(-9), LoginEventType.SignedOut),
            Session("expired", "u-alice", Now.AddHours(-8), Now.AddHours(-2), Now.AddHours(-2), LoginEventType.SessionExpired),
            Session("revoked", "u-alice", Now.AddHours(-7), Now.AddHours(5), Now.AddHours(-6.5), LoginEventType.SessionRevoked),
            Session("active", "u-alice", Now.AddHours(-1), Now.AddHours(11)),
            Session("bob-1", "u-bob", Now.AddHours(-4), Now.AddHours(8)));
    }

    /// <summary>The page with the dialog and notification host, as the layout has it.</summary>
    private RenderedFragment RenderPage(string userId) => Render(builder =>
    {
        builder.OpenComponent<UserDetailsPage>(0);
        builder.AddAttribute(1, nameof(UserDetailsPage.Id), userId);
        builder.CloseComponent();
        builder.OpenComponent<RadzenComponents>(2);
        builder.CloseComponent();
    });

    private static string Text(AngleSharp.Dom.IElement element) => string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Timeline_ShowsSessionsWithDurationsEndKindsAndTheActiveOne()
    {
        var page = RenderPage("u-alice");

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll(".timeline-session").Count));
        Assert.Equal("alice@example.com", page.Find("h1").TextContent);
        Assert.Equal("4 sessions", page.Find(".session-count").TextContent);
        var sessions = page.FindAll(".timeline-session").ToDictionary(row => row.GetAttribute("data-session")!);

        Assert.Equal("active now", sessions["active"].QuerySelector(".active-now")!.TextContent);
        Assert.Equal("for 1 h so far", sessions["active"].QuerySelector(".duration")!.TextContent);
        Assert.Contains("Safari on iOS (Mobile)", Text(sessions["active"]));
        Assert.Contains("(Vienna, AT)", Text(sessions["active"]));

        Assert.Equal(("Signed out", "lasted 1 h"), EndAndDuration(sessions["out"]));
        Assert.Equal(("Expired", "lasted 6 h"), EndAndDuration(sessions["expired"]));
        Assert.Equal(("Revoked", "lasted 30 min"), EndAndDuration(sessions["revoked"]));
        Assert.Contains("2026-11-18 02:00 to 2026-11-18 03:00", Text(sessions["out"]));
        Assert.Empty(page.FindAll("[data-session=bob-1]"));

        static (string, string) EndAndDuration(AngleSharp.Dom.IElement row) =>
            (row.QuerySelector(".end-kind")!.TextContent, row.QuerySelector(".duration")!.TextContent);
    }

    [Fact]
    public void Timeline_ListsFailedAttemptsWithReasonInTimeOrder()
    {
        var page = RenderPage("u-alice");

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".timeline-failure")));
        var failure = page.Find(".timeline-failure");
        Assert.Equal("Wrong password", failure.QuerySelector(".reason")!.TextContent);
        Assert.Contains("2026-11-18 01:00 from 198.51.100.7", Text(failure));
        Assert.Equal("1 failed attempt", page.Find(".failure-count").TextContent);

        // Newest first: the failure, eleven hours ago, is the oldest entry.
        Assert.Equal(
            ["active", "revoked", "expired", "out", null],
            page.FindAll(".timeline-entries > li").Select(entry => entry.GetAttribute("data-session")));
    }

    [Fact]
    public void Timeline_Links_OpenTheHistoryForTheSessionAndTheAddress()
    {
        var page = RenderPage("u-alice");

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll(".timeline-session").Count));
        var signedOut = page.Find("[data-session=out]");
        var sessionLink = new Uri(new Uri("http://localhost"), signedOut.QuerySelector("a.session-events")!.GetAttribute("href"));
        Assert.Equal("/admin/logins", sessionLink.AbsolutePath);
        Assert.Equal(
            new LoginHistoryFilter { Range = LoginHistoryRange.Custom, From = Now.AddHours(-10), SessionId = "out" },
            LoginHistoryFilter.Parse(sessionLink.Query));
        Assert.Equal("/admin/logins?ip=192.0.2.1", signedOut.QuerySelector("a.ip")!.GetAttribute("href"));
        Assert.Equal("/admin/logins?ip=198.51.100.7", page.Find(".timeline-failure a.ip").GetAttribute("href"));
    }

    [Fact]
    public void Timeline_NothingInRange_SaysToChooseALongerRange()
    {
        Navigation.NavigateTo("admin/users/u-alice?from=2026-10-01T00:00:00Z&to=2026-10-02T00:00:00Z");

        var page = RenderPage("u-alice");

        page.WaitForAssertion(() => Assert.Contains("No sessions or failed attempts in this range.", page.Find(".empty-state").TextContent));
        Assert.Contains("Choose a longer range", page.Find(".empty-state").TextContent);
    }

    [Fact]
    public void UnknownUserId_SaysThereIsNoSuchUser()
    {
        var page = RenderPage("no-such-id");

        page.WaitForAssertion(() => Assert.Equal("No such user", page.Find("h1").TextContent));
        Assert.Contains("There is no account with the id no-such-id.", page.Find("[role=alert]").TextContent);
        Assert.Empty(page.FindAll("button.end-sessions"));
    }

    [Fact]
    public async Task EndAllSessions_Confirmed_RevokesTheOpenSessionAuditsItAndSaysSo()
    {
        var page = RenderPage("u-alice");
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".active-now")));

        page.Find("button.end-sessions").Click();
        page.WaitForAssertion(() => Assert.Contains("End every session of alice@example.com?", page.Find(".rz-dialog-confirm-message").TextContent));
        page.Find(".rz-dialog-confirm-buttons button").Click();

        page.WaitForAssertion(() => Assert.Contains("Ended 1 session of alice@example.com.", page.Find(".rz-notification").TextContent));
        page.WaitForAssertion(() => Assert.Equal("Revoked", page.Find("[data-session=active] .end-kind").TextContent));
        Assert.Empty(page.FindAll(".active-now"));

        await using var db = Database.CreateDbContext();
        var session = await db.LoginSessions.SingleAsync(row => row.SessionId == "active");
        Assert.Equal(LoginEventType.SessionRevoked, session.EndedBy);
        var revoked = await db.LoginLogs.SingleAsync(row => row.SessionId == "active" && row.EventType == LoginEventType.SessionRevoked);
        Assert.Equal(nameof(SessionRevoker.EndedByAdmin), revoked.ErrorCode);
        Assert.Equal("u-alice", revoked.UserId);
        Assert.Null((await db.LoginSessions.SingleAsync(row => row.SessionId == "bob-1")).EndedAt);
    }

    [Fact]
    public async Task EndAllSessions_Cancelled_LeavesTheSessionsOpen()
    {
        var page = RenderPage("u-alice");
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".active-now")));

        page.Find("button.end-sessions").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".rz-dialog-confirm-message")));
        page.FindAll(".rz-dialog-confirm-buttons button")[1].Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".rz-dialog")));
        Assert.NotNull(page.Find(".active-now"));
        await using var db = Database.CreateDbContext();
        Assert.Null((await db.LoginSessions.SingleAsync(row => row.SessionId == "active")).EndedAt);
        Assert.False(await db.LoginLogs.AnyAsync(row => row.EventType == LoginEventType.SessionRevoked && row.SessionId == "active"));
    }
}
