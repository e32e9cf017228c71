using System.Reflection;
using AngleSharp.Dom;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Identity;
using LoginAudit.Data.Live;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.ComponentTesting;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Components.Pages.Admin;
using LoginAudit.Web.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Admin;

/// <summary>The real page on a real SQLite file, with the real query services; only the circuit is simulated.</summary>
public sealed class LoginsPageTests : ComponentTestContext, IAsyncLifetime
{
    private const string AdaAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    private TemporaryDatabase database = default!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        Services.AddSingleton<IDbContextFactory<LoginAuditDbContext>>(database);
        Services.AddLoginAuditDashboardData();
        Services.AddSingleton<LoginEventFeed>();
        Services.AddScoped<BrowserTimeZone>();
        JSRuntime.Setup("loginAudit.timeZone", "UTC");
        Time.SetUtcNow(Now);
        Authentication.SetAdmin("root@example.com");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Render_EventsOfTheLastDay_ShowsThemNewestFirstInWords()
    {
        await SeedDayAsync();

        var page = RenderAt("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        Assert.Equal("4 events", page.Find(".history-count").TextContent);
        Assert.Equal(["ada@example.com", "mallory", "ada@example.com", "bob@example.com"], Rows(page).Select(UserCell));
        var first = Rows(page)[0];
        Assert.Equal("Signed in", first.QuerySelector(".history-event")!.TextContent);
        Assert.Equal("2026-11-18 11:50", first.QuerySelector("time")!.TextContent);
        Assert.Equal("admin/users/u-ada", first.QuerySelector("a.history-user")!.GetAttribute("href"));
        Assert.DoesNotContain("old@example.com", page.Markup);
    }

    [Fact]
    public async Task Render_UnknownUserAndSuspiciousAttempt_AreMarkedAsSuch()
    {
        await SeedDayAsync();

        var page = RenderAt("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        var mallory = Rows(page)[1];
        Assert.Equal("mallory", mallory.QuerySelector(".history-user-unknown")!.TextContent);
        Assert.Contains("no account", mallory.TextContent);
        Assert.Equal("Unknown user", mallory.QuerySelector(".history-reason")!.TextContent);
        Assert.Equal("Suspicious", mallory.QuerySelector(".history-suspicious")!.TextContent.Trim());
        Assert.Null(Rows(page)[0].QuerySelector(".history-suspicious"));
    }

    [Fact]
    public async Task Render_NothingMatches_SaysHowToFindEvents()
    {
        await SeedDayAsync();

        var page = RenderAt("admin/logins?q=nobody-has-this");

        page.WaitForAssertion(() => Assert.Equal(
            "No events match these filters. Widen the date range or clear filters.", page.Find(".history-empty").TextContent));
        Assert.Equal("0 events", page.Find(".history-count").TextContent);
    }

    [Fact]
    public async Task Render_WithQueryString_ShowsOnlyMatchingRowsAndKeepsTheFilterInTheExportLink()
    {
        await SeedDayAsync();

        var page = RenderAt("admin/logins?ip=198.51.100.7");

        page.WaitForAssertion(() => Assert.Equal(["mallory"], Rows(page).Select(UserCell)));
        Assert.Equal("admin/logins/export?ip=198.51.100.7", page.Find("a.history-export").GetAttribute("href"));
        Assert.Equal("Clear filters", page.Find("button.history-clear").TextContent);
    }

    [Fact]
    public async Task ChangeOutcome_Failed_NavigatesToTheFilterUrlAndShowsOnlyFailures()
    {
        await SeedDayAsync();
        var page = RenderAt("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        page.Find("#history-outcome").Change("Failed");

        Assert.Equal("admin/logins?out=fail", Navigation.History[^1].Uri);
        page.WaitForAssertion(() => Assert.Equal(["mallory", "ada@example.com"], Rows(page).Select(UserCell)));
        Assert.Equal("admin/logins/export?out=fail", page.Find("a.history-export").GetAttribute("href"));
    }

    [Fact]
    public async Task SubmitSearch_NavigatesWithTheTextAndShowsMatchingRows()
    {
        await SeedDayAsync();
        var page = RenderAt("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        page.Find("#history-search").Change("bob@");
        page.Find("form[role=search]").Submit();

        Assert.Equal("admin/logins?q=bob@", Navigation.History[^1].Uri);
        page.WaitForAssertion(() => Assert.Equal(["bob@example.com"], Rows(page).Select(UserCell)));
        Assert.Equal("bob@", page.Find("#history-search").GetAttribute("value"));
    }

    [Fact]
    public async Task ChooseRange_Last7Days_NavigatesAndShowsOlderEvents()
    {
        await SeedDayAsync();
        var page = RenderAt("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        page.Find("#history-range").Change("Last7Days");

        Assert.Equal("admin/logins?r=7d", Navigation.History[^1].Uri);
        page.WaitForAssertion(() => Assert.Equal(5, Rows(page).Count));
        Assert.Equal("old@example.com", UserCell(Rows(page)[^1]));
    }

    [Fact]
    public async Task ClearFilters_Filtered_NavigatesToThePlainPageAndShowsEverything()
    {
        await SeedDayAsync();
        var page = RenderAt("admin/logins?out=ok&sus=0");
        page.WaitForAssertion(() => Assert.Single(Rows(page)));

        page.Find("button.history-clear").Click();

        Assert.Equal("admin/logins", Navigation.History[^1].Uri);
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        Assert.Empty(page.FindAll("button.history-clear"));
    }

    [Fact]
    public async Task BackButton_PreviousUrl_ShowsThePreviousFilterAgain()
    {
        await SeedDayAsync();
        var page = RenderAt("admin/logins?out=fail");
        page.WaitForAssertion(() => Assert.Equal(2, Rows(page).Count));

        // What the browser's back button does: the location changes without the page asking.
        Navigation.NavigateTo("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        Assert.Equal("Any outcome", page.Find("#history-outcome option[selected]").TextContent);
    }

    [Fact]
    public async Task IpLink_KeepsTheCurrentFilterAndNarrowsToThatAddress()
    {
        await SeedDayAsync();

        var page = RenderAt("admin/logins?out=fail");

        page.WaitForAssertion(() => Assert.Equal(2, Rows(page).Count));
        Assert.Equal("admin/logins?out=fail&ip=198.51.100.7", Rows(page)[0].QuerySelector("a.history-ip")!.GetAttribute("href"));
    }

    [Fact]
    public async Task NextPage_ManyEvents_ShowsTheRemainingRows()
    {
        await database.AddAsync(Enumerable.Range(1, 30)
            .Select(i => (object)Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-i), userName: $"user{i:00}@example.com"))
            .ToArray());
        var page = RenderAt("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(25, Rows(page).Count));
        Assert.Equal("30 events", page.Find(".history-count").TextContent);

        page.Find(".rz-pager-next").Click();

        page.WaitForAssertion(() => Assert.Equal(
            ["user26@example.com", "user27@example.com", "user28@example.com", "user29@example.com", "user30@example.com"],
            Rows(page).Select(UserCell)));
    }

    [Fact]
    public async Task Render_SuspiciousRow_ShowsItsReasonsInWordsAndItsLocation()
    {
        await SeedDayAsync();

        var page = RenderAt("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        var mallory = Rows(page)[1];
        Assert.Equal(["Password spraying", "Bot user agent"], mallory.QuerySelectorAll(".history-suspicion-reason").Select(badge => badge.TextContent.Trim()));
        Assert.Equal("Password spraying, Bot user agent", mallory.QuerySelector(".history-suspicious")!.ParentElement!.GetAttribute("title"));

        mallory.QuerySelector(".rz-row-toggler")!.ParentElement!.Click();

        page.WaitForAssertion(() => Assert.Equal(
            ["Password spraying", "Bot user agent"], page.FindAll(".login-details .suspicion-reason").Select(reason => reason.TextContent)));
    }

    [Fact]
    public async Task Render_SuspicionReasonInTheUrl_ShowsOnlyRowsFlaggedForIt()
    {
        await SeedDayAsync();

        var page = RenderAt("admin/logins?sr=PasswordSpraying");

        page.WaitForAssertion(() => Assert.Equal(["mallory"], Rows(page).Select(UserCell)));
    }

    [Fact]
    public async Task ExpandRow_ShowsTheRawUserAgentAndLinksToUserIpAndSession()
    {
        await SeedDayAsync();
        var page = RenderAt("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        Rows(page)[0].QuerySelector(".rz-row-toggler")!.ParentElement!.Click();

        page.WaitForAssertion(() => Assert.Equal(AdaAgent, page.Find(".raw-user-agent").TextContent));
        Assert.Equal("admin/users/u-ada", page.Find("a.user-timeline-link").GetAttribute("href"));
        Assert.Equal("admin/logins?r=custom&ip=192.0.2.10", page.Find("a.ip-events-link").GetAttribute("href"));
        Assert.Equal("admin/logins?r=custom&sid=s-ada-1", page.Find("a.session-events-link").GetAttribute("href"));
        Assert.Contains("Password", page.Find(".login-details").TextContent);
    }

    [Fact]
    public async Task NewEventPublished_ShowsNoticeWithoutReloadingUntilClicked()
    {
        await SeedDayAsync();
        var page = RenderAt("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        var feed = ServiceProvider.GetRequiredService<LoginEventFeed>();
        page.WaitForState(() => feed.SubscriberCount == 1);

        var fresh = Log(LoginEventType.SignInFailed, Now.AddMinutes(-1), userName: "eve", reason: LoginFailureReason.UnknownUser);
        await database.AddAsync(fresh);
        feed.Publish(fresh);

        page.WaitForAssertion(() => Assert.Equal("1 new event — show", page.Find("button.history-show-new").TextContent));
        Assert.Equal(4, Rows(page).Count);

        page.Find("button.history-show-new").Click();

        page.WaitForAssertion(() => Assert.Equal("eve", UserCell(Rows(page)[0])));
        Assert.Empty(page.FindAll("button.history-show-new"));
        Assert.Equal("5 events", page.Find(".history-count").TextContent);
    }

    [Fact]
    public async Task ShowNewEvents_SortedByUser_ShowsTheNewestFirstAgain()
    {
        await SeedDayAsync();
        var page = RenderAt("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        var feed = ServiceProvider.GetRequiredService<LoginEventFeed>();
        page.WaitForState(() => feed.SubscriberCount == 1);
        page.FindAll(".history-grid th").First(th => th.TextContent.Trim() == "User").QuerySelector("div")!.Click();
        page.WaitForAssertion(() => Assert.Equal("ada@example.com", UserCell(Rows(page)[0])));
        Assert.Equal("bob@example.com", UserCell(Rows(page)[2]));

        var fresh = Log(LoginEventType.SignInFailed, Now.AddMinutes(-1), userName: "zed");
        await database.AddAsync(fresh);
        feed.Publish(fresh);
        page.WaitForAssertion(() => page.Find("button.history-show-new").Click());

        page.WaitForAssertion(() => Assert.Equal(["zed", "ada@example.com", "mallory", "ada@example.com", "bob@example.com"], Rows(page).Select(UserCell)));
    }

    [Fact]
    public async Task Dispose_OpenPage_StopsListeningToTheFeed()
    {
        var page = RenderAt("admin/logins");
        var feed = ServiceProvider.GetRequiredService<LoginEventFeed>();
        page.WaitForState(() => feed.SubscriberCount == 1);

        await DisposeAsync();

        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public void LoginsPage_IsOnlyForTheAdminRole()
    {
        var authorize = typeof(Logins).GetCustomAttribute<AuthorizeAttribute>();

        Assert.NotNull(authorize);
        Assert.Equal(AdminAccountInitializer.AdminRole, authorize.Roles);
        Assert.Equal("/admin/logins", typeof(Logins).GetCustomAttribute<RouteAttribute>()?.Template);
    }

    [Fact]
    public async Task AuthorizeRouteView_SignedInWithoutAdminRole_ShowsNoEvents()
    {
        await SeedDayAsync();
        Authentication.SetUser("ivan@example.com");
        Navigation.NavigateTo("admin/logins");

        var view = Render<AuthorizeRouteView>(p => p
            .Add(c => c.RouteData, new RouteData(typeof(Logins), new Dictionary<string, object?>()))
            .Add(c => c.NotAuthorized, (RenderFragment<AuthenticationState>)(_ => builder => builder.AddMarkupContent(0, "<p class=\"denied\">Not allowed</p>"))));

        view.WaitForAssertion(() => Assert.Equal("Not allowed", view.Find(".denied").TextContent));
        Assert.DoesNotContain("ada@example.com", view.Markup);
        Assert.Empty(view.FindAll(".rz-data-grid"));
    }

    private RenderedComponent<Logins> RenderAt(string relativeUri)
    {
        Navigation.NavigateTo(relativeUri);
        return Render<Logins>();
    }

    private static IReadOnlyList<IElement> Rows(RenderedFragment page) =>
        page.FindAll(".history-grid tbody tr.rz-data-row");

    private static string UserCell(IElement row) =>
        (row.QuerySelector(".history-user") ?? row.QuerySelector(".history-user-unknown"))!.TextContent.Trim();

    /// <summary>Four events within the last day (newest: Ada's sign-in) and one three days old.</summary>
    private async Task SeedDayAsync()
    {
        var adaSignIn = Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-10), userId: "u-ada", userName: "ada@example.com", sessionId: "s-ada-1");
        adaSignIn.UserAgent = AdaAgent;
        adaSignIn.BrowserVersion = "124.0.0";
        var mallory = Log(LoginEventType.SignInFailed, Now.AddMinutes(-20), userName: "mallory", reason: LoginFailureReason.UnknownUser,
            ip: "198.51.100.7", browser: "Firefox", os: "Linux", suspicious: true);
        mallory.SuspiciousReasons = "PasswordSpraying,BotUserAgent";
        await database.AddAsync(
            User("u-ada", "ada@example.com"),
            User("u-bob", "bob@example.com"),
            User("u-old", "old@example.com"),
            adaSignIn,
            mallory,
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-30), userId: "u-ada", userName: "ada@example.com", reason: LoginFailureReason.InvalidPassword),
            Log(LoginEventType.SignedOut, Now.AddHours(-2), userId: "u-bob", userName: "bob@example.com", browser: "Mobile Safari", os: "iOS", device: DeviceType.Mobile),
            Log(LoginEventType.SignInSucceeded, Now.AddDays(-3), userId: "u-old", userName: "old@example.com"));
    }
}
