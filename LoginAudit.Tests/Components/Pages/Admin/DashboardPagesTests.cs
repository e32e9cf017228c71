using Bunit;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Components.Pages.Admin;
using LoginAudit.Web.Components.Pages.Admin.Shared;
using LoginAudit.Data.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Admin;

/// <summary>The overview, failures, suspicious, users and integrity pages on a real database: data, empty and loading states.</summary>
public sealed class DashboardPagesTests : PageTest
{
    private async Task SeedFailuresAsync()
    {
        var spray = Log(LoginEventType.SignInFailed, Now.AddHours(-2), userName: "mallory", reason: LoginFailureReason.UnknownUser, ip: "198.51.100.7", suspicious: true);
        spray.SuspiciousReasons = "PasswordSpraying";
        await Database.AddAsync(
            User("u-ada", "ada@example.com"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-1), "u-ada", "ada@example.com", sessionId: "s1"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-3), "u-ada", "ada@example.com", LoginFailureReason.InvalidPassword),
            spray);
    }

    [Fact]
    public async Task Overview_EventsInRange_ShowsTheKeyFiguresAndNewestEvents()
    {
        await SeedFailuresAsync();

        var page = RenderStaticAt<Web.Components.Pages.Admin.Overview>("admin");

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".newest-events tbody tr").Count));
        var figures = page.FindAll(".kpi-card").ToDictionary(card => card.QuerySelector(".kpi-label")!.TextContent, card => card.QuerySelector(".kpi-value")!.TextContent);
        Assert.Equal("1", figures["Sign-ins"]);
        Assert.Equal("2", figures["Failures"]);
        Assert.Equal("1", figures["Suspicious events"]);
    }

    [Fact]
    public void Overview_NoEvents_SaysWhatToDo()
    {
        var page = RenderStaticAt<Web.Components.Pages.Admin.Overview>("admin");

        page.WaitForAssertion(() => Assert.Equal("No sign-in activity in this range.", page.Find(".empty-state-message").TextContent));
    }

    [Fact]
    public void Overview_PresetRange_GivesTheNewEventsNoticeARollingRange()
    {
        var page = RenderStaticAt<Web.Components.Pages.Admin.Overview>("admin?range=7d");

        page.WaitForAssertion(() => Assert.Equal("No sign-in activity in this range.", page.Find(".empty-state-message").TextContent));
        var notice = page.FindComponent<NewEventsNotice>();
        Assert.Equal(Now.AddDays(-7), notice.Instance.RangeFrom);
        Assert.Null(notice.Instance.FixedRangeTo);
    }

    [Fact]
    public void NewEventsNotice_EventInTheRange_CountsItAndLinksToThePageAgain()
    {
        var notice = RenderAt<NewEventsNotice>("admin?range=7d", parameters => parameters
            .Add(component => component.RangeFrom, Now.AddDays(-7))
            .Add(component => component.LoadedAt, Clock.GetUtcNow()));
        var feed = Services.GetRequiredService<LoginEventFeed>();
        notice.WaitForState(() => feed.SubscriberCount == 1);

        feed.Publish(Log(LoginEventType.SignInFailed, Now.AddMinutes(1), userName: "eve", reason: LoginFailureReason.UnknownUser));

        notice.WaitForAssertion(() => Assert.Equal("1 new event since this page was loaded.", notice.Find(".live-notice span").TextContent));
        Assert.EndsWith("/admin?range=7d", notice.Find("a.refresh").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void NewEventsNotice_EventsOutsideAFixedRange_AreNotCounted()
    {
        var notice = RenderAt<NewEventsNotice>("admin", parameters => parameters
            .Add(component => component.RangeFrom, Now.AddDays(-7))
            .Add(component => component.FixedRangeTo, Now.AddDays(-1))
            .Add(component => component.LoadedAt, Clock.GetUtcNow()));
        var feed = Services.GetRequiredService<LoginEventFeed>();
        notice.WaitForState(() => feed.SubscriberCount == 1);

        feed.Publish(Log(LoginEventType.SignInFailed, Now.AddDays(-8), userName: "before", reason: LoginFailureReason.UnknownUser));
        feed.Publish(Log(LoginEventType.SignInFailed, Now, userName: "after", reason: LoginFailureReason.UnknownUser));
        feed.Publish(Log(LoginEventType.SignInFailed, Now.AddDays(-2), userName: "inside", reason: LoginFailureReason.UnknownUser));

        notice.WaitForAssertion(() => Assert.Equal("1 new event since this page was loaded.", notice.Find(".live-notice span").TextContent));
    }

    [Fact]
    public async Task Failures_ByReason_LinksEachCountToTheFilteredHistory()
    {
        await SeedFailuresAsync();

        var page = RenderStaticAt<Failures>("admin/failures?range=7d");

        page.WaitForAssertion(() => Assert.Equal("2", page.Find(".total-failures").TextContent));
        var reasons = page.FindAll(".breakdown").First(table => table.TextContent.Contains("By reason", StringComparison.Ordinal));
        Assert.Equal(
            ["/admin/logins?r=7d&out=fail&fr=InvalidPassword", "/admin/logins?r=7d&out=fail&fr=UnknownUser"],
            reasons.QuerySelectorAll(".breakdown-label a").Select(link => link.GetAttribute("href")).Order());
    }

    [Fact]
    public async Task Failures_TableView_ShowsTheChartsNumbers()
    {
        await SeedFailuresAsync();
        var page = RenderStaticAt<Failures>("admin/failures");

        // Rendered statically, the table is in the response, behind the browser's own disclosure.
        var disclosure = page.Find(".reason-share details.chart-card-table-disclosure");
        Assert.Equal("Show the numbers as a table", disclosure.QuerySelector("summary.chart-card-table-button")!.TextContent);
        Assert.Equal(2, disclosure.QuerySelectorAll(".reason-share-table tbody tr").Length);
        Assert.Contains("50.0", page.Find(".reason-share-table tbody").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspicious_FlaggedEvent_ListsItsSignalWithWhatToDo()
    {
        await SeedFailuresAsync();

        var page = RenderAt<Suspicious>("admin/suspicious");

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".suspicion-reasons tr[data-reason=PasswordSpraying]")));
        Assert.Equal("/admin/logins?sr=PasswordSpraying", page.Find(".suspicion-reasons tr[data-reason=PasswordSpraying] .reason-count").GetAttribute("href"));
        Assert.Equal("Password spraying", page.Find(".newest-suspicious .suspicion-reason").TextContent.Trim());
    }

    [Fact]
    public void Suspicious_NothingFlagged_SaysNoSignalFired()
    {
        var page = RenderAt<Suspicious>("admin/suspicious");

        page.WaitForAssertion(() => Assert.Equal("No suspicious sign-ins in this range.", page.Find(".empty-state-message").TextContent));
    }

    [Fact]
    public async Task Users_Accounts_ListedWithTheirFailuresInRange()
    {
        await SeedFailuresAsync();

        var page = RenderStaticAt<Users>("admin/users");

        page.WaitForAssertion(() => Assert.Equal("ada@example.com", page.Find(".users-grid .user-link").TextContent));
        Assert.Equal("/admin/users/u-ada?range=24h", page.Find(".users-grid .user-link").GetAttribute("href"));
    }

    [Fact]
    public void Users_NoAccounts_ShowsTheEmptyState()
    {
        var page = RenderStaticAt<Users>("admin/users");

        page.WaitForAssertion(() => Assert.Equal("No user accounts yet.", page.Find(".empty-state-message").TextContent));
    }

    [Fact]
    public async Task UserDetails_CraftedSessions_DrawsABarPerSessionAndAMarkPerFailure()
    {
        await Database.AddAsync(
            User("u-alice", "alice@example.com"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-10), "u-alice", "alice@example.com", sessionId: "out"),
            Log(LoginEventType.SignedOut, Now.AddHours(-9), "u-alice", "alice@example.com", sessionId: "out"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-6), "u-alice", "alice@example.com", sessionId: "active"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-12), "u-alice", "alice@example.com", LoginFailureReason.InvalidPassword, ip: "198.51.100.7"));
        await Database.AddAsync(
            Session("out", "u-alice", Now.AddHours(-10), Now.AddHours(2), Now.AddHours(-9), LoginEventType.SignedOut),
            Session("active", "u-alice", Now.AddHours(-6), Now.AddHours(6)));

        var page = RenderStaticAt<UserDetails>("admin/users/u-alice", p => p.Add(c => c.Id, "u-alice"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("rect.timeline-bar").Count));
        var bars = page.FindAll("rect.timeline-bar").ToDictionary(bar => bar.GetAttribute("data-session")!);
        // The day's axis runs from 12:00 yesterday: "out" covers 02:00 to 03:00 (8.333% to 12.5%), "active" 06:00 to now.
        Assert.Equal("58.333%", bars["out"].GetAttribute("x"));
        Assert.Equal("4.167%", bars["out"].GetAttribute("width"));
        Assert.Equal("75%", bars["active"].GetAttribute("x"));
        Assert.Equal("25%", bars["active"].GetAttribute("width"));
        Assert.Equal("50%", page.Find("rect.mark.failed").GetAttribute("x"));
        Assert.Contains("signed out", bars["out"].QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("active now", page.Find(".timeline-session[data-session=active] .active-now").TextContent.Trim());
    }

    [Fact]
    public async Task Integrity_VerifyNow_EditedRow_NamesTheRowAndWhatHappened()
    {
        await Database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now, userName: "ada@example.com"),
            Log(LoginEventType.SignedOut, Now.AddHours(1), userName: "ada@example.com"));
        await new ChainSealer(Database, TimeProvider.System).SealAsync();
        await using (var db = Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE login_logs SET user_name = 'mallory@example.com' WHERE id = 2");
        }

        Services.AddSingleton(new ChainVerifier(Database));
        var page = RenderAt<Web.Components.Pages.Admin.Integrity>("admin/integrity");

        page.Find("button.verify-now").Click();

        page.WaitForAssertion(() => Assert.Contains("tampered with at row 2 (a row was edited)", page.Find(".verify-result").TextContent));
    }

    [Fact]
    public async Task Integrity_VerifyNow_IntactChain_SaysSoInWords()
    {
        await Database.AddAsync(Log(LoginEventType.SignInSucceeded, Now, userName: "ada@example.com"));
        await new ChainSealer(Database, TimeProvider.System).SealAsync();
        Services.AddSingleton(new ChainVerifier(Database));
        var page = RenderAt<Web.Components.Pages.Admin.Integrity>("admin/integrity");

        page.Find("button.verify-now").Click();

        page.WaitForAssertion(() => Assert.Contains("The audit log is intact.", page.Find(".verify-result").TextContent));
    }
}
