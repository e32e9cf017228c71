using LoginAudit.Data.Auditing;
using LoginAudit.Data.Live;
using LoginAudit.Tests.ComponentTesting;
using OverviewPage = LoginAudit.Web.Components.Pages.Admin.Overview;
using Microsoft.Extensions.DependencyInjection;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Admin;

public sealed class OverviewTests : AdminPageTestContext
{
    protected override async Task SeedAsync()
    {
        await Database.AddAsync(User("u-alice", "alice@example.com"));
        await Database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-3), "u-alice", "alice@example.com", sessionId: "s1", ip: "192.0.2.1"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), "u-alice", "alice@example.com", LoginFailureReason.InvalidPassword, ip: "198.51.100.7"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), null, "root", LoginFailureReason.UnknownUser, ip: "198.51.100.7"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-1), null, "admin", LoginFailureReason.UnknownUser, ip: "198.51.100.7", suspicious: true),
            // Three days ago: only in the 7-day range.
            Log(LoginEventType.SignInFailed, Now.AddDays(-3), "u-alice", "alice@example.com", LoginFailureReason.InvalidPassword));
        await Database.AddAsync(Session("s1", "u-alice", Now.AddHours(-3), Now.AddHours(5)));
    }

    [Fact]
    public void Overview_WithActivity_ShowsKeyFiguresForPeople()
    {
        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Equal(
            [
                ("Sign-ins", "1"), ("Failures", "3"), ("Failure rate", "75.0 %"), ("Unique users", "1"),
                ("Unique IPs", "2"), ("Active sessions", "1"), ("Suspicious events", "1"),
            ],
            page.FindAll(".kpi-card").Select(card => (card.QuerySelector(".kpi-label")!.TextContent, card.QuerySelector(".kpi-value")!.TextContent))));
        Assert.Equal("Last 24 hours", page.Find("a.range-preset[aria-current=true]").TextContent);
    }

    [Fact]
    public void Overview_WithActivity_ListsTopFailuresAndNewestEventsWithDrillDownLinks()
    {
        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".breakdown")));
        var reasons = page.FindAll(".breakdown")[0];
        Assert.Equal(["Unknown user name", "Wrong password"], reasons.QuerySelectorAll(".breakdown-label a").Select(link => link.TextContent));
        Assert.Equal("/admin/logins?out=fail&fr=UnknownUser", reasons.QuerySelector(".breakdown-label a")!.GetAttribute("href"));

        var ips = page.FindAll(".breakdown")[1];
        Assert.Equal("/admin/logins?out=fail&ip=198.51.100.7", ips.QuerySelector(".breakdown-label a")!.GetAttribute("href"));
        Assert.Equal("3", ips.QuerySelector(".breakdown-detail")!.TextContent);

        var userNames = page.FindAll(".breakdown")[2].QuerySelectorAll("tbody tr").ToList();
        Assert.Equal(3, userNames.Count);
        Assert.Contains(userNames, row => row.TextContent.Contains("root") && row.TextContent.Contains("unknown name"));
        var alice = userNames.Single(row => row.TextContent.Contains("alice@example.com"));
        Assert.DoesNotContain("unknown name", alice.TextContent);
        Assert.Equal("/admin/logins?out=fail&uid=u-alice", alice.QuerySelector("a")!.GetAttribute("href"));

        var newest = page.FindAll(".newest-events tbody tr");
        Assert.Equal(4, newest.Count);
        Assert.Contains("Sign-in failed: Unknown user name", newest[0].TextContent);
        Assert.Contains("suspicious", newest[0].TextContent);
        Assert.Equal("/admin/logins", page.Find("a.all-events").GetAttribute("href"));
    }

    [Fact]
    public void Overview_NoActivityInRange_SaysHowToGetSome()
    {
        Time.SetUtcNow(Now.AddDays(60));

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Contains("No sign-in activity in this range.", page.Find(".empty-state").TextContent));
        Assert.Contains("seed-demo --events 10000", page.Find(".empty-state").TextContent);
        Assert.Empty(page.FindAll(".breakdown"));
    }

    [Fact]
    public void Overview_RangeFromUrl_CountsThatRangeAndDrillsDownWithIt()
    {
        Navigation.NavigateTo("admin?range=7d");

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Equal("4", page.FindAll(".kpi-value")[1].TextContent));
        Assert.Equal("Last 7 days", page.Find("a.range-preset[aria-current=true]").TextContent);
        var wrongPassword = page.FindAll(".breakdown")[0].QuerySelectorAll("a").Single(link => link.TextContent == "Wrong password");
        Assert.Equal("/admin/logins?r=7d&out=fail&fr=InvalidPassword", wrongPassword.GetAttribute("href"));
    }

    [Fact]
    public void Overview_FollowingAPresetLink_PutsTheRangeInTheUrlAndReloads()
    {
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Equal("3", page.FindAll(".kpi-value")[1].TextContent));

        var sevenDays = page.FindAll("a.range-preset").Single(link => link.TextContent == "Last 7 days").GetAttribute("href")!;
        Navigation.NavigateTo(sevenDays);

        Assert.Equal("7d", Navigation.GetQueryParameter("range"));
        page.WaitForAssertion(() => Assert.Equal("4", page.FindAll(".kpi-value")[1].TextContent));
    }

    [Fact]
    public async Task Overview_Closed_StopsListeningToTheLiveFeed()
    {
        var feed = ServiceProvider.GetRequiredService<LoginEventFeed>();
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kpi-card")));
        Assert.Equal(1, feed.SubscriberCount);

        await DisposeAsync();

        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public async Task Overview_EventWrittenWhileOpen_OffersRefreshThatShowsIt()
    {
        var page = Render<OverviewPage>();
        page.WaitForAssertion(() => Assert.Equal("3", page.FindAll(".kpi-value")[1].TextContent));

        var recorder = ServiceProvider.GetRequiredService<LoginAuditRecorder>();
        await recorder.RecordAsync(AuditEvent.Failure(LoginFailureReason.InvalidPassword, SignInMethod.Password) with { UserName = "alice@example.com" });

        page.WaitForAssertion(() => Assert.Contains("1 new event since this page was loaded.", page.Find(".live-notice").TextContent));
        Assert.Equal("3", page.FindAll(".kpi-value")[1].TextContent);

        // A minute on: the range ends now, and the new row is no longer at its (exclusive) end.
        Time.Advance(TimeSpan.FromMinutes(1));
        page.Find("button.refresh").Click();

        page.WaitForAssertion(() => Assert.Equal("4", page.FindAll(".kpi-value")[1].TextContent));
        Assert.Empty(page.FindAll(".live-notice"));
    }
}
