using AngleSharp.Dom;
using Bunit;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Live;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Components.Pages.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Admin;

/// <summary>The history grid on a real SQLite file with the real query service: rows, URL filters, paging, columns, details.</summary>
public sealed class LoginsPageTests : PageTest
{
    private const string AdaAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    /// <summary>Four events within the last day (newest: Ada's sign-in) and one three days old.</summary>
    protected override async Task SeedAsync()
    {
        var adaSignIn = Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-10), userId: "u-ada", userName: "ada@example.com", sessionId: "s-ada-1");
        adaSignIn.UserAgent = AdaAgent;
        adaSignIn.BrowserVersion = "124.0.0";
        var mallory = Log(LoginEventType.SignInFailed, Now.AddMinutes(-20), userName: "mallory", reason: LoginFailureReason.UnknownUser,
            ip: "198.51.100.7", browser: "Firefox", os: "Linux", suspicious: true);
        mallory.SuspiciousReasons = "PasswordSpraying,BotUserAgent";
        mallory.RiskLevel = LoginAudit.Data.Detection.RiskLevel.High;
        mallory.Asn = 14061;
        mallory.AsOrg = "DigitalOcean, LLC";
        await Database.AddAsync(
            User("u-ada", "ada@example.com"),
            User("u-bob", "bob@example.com"),
            User("u-old", "old@example.com"),
            adaSignIn,
            mallory,
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-30), userId: "u-ada", userName: "ada@example.com", reason: LoginFailureReason.InvalidPassword, sessionId: "s-ada-1"),
            Log(LoginEventType.SignedOut, Now.AddHours(-2), userId: "u-bob", userName: "bob@example.com", browser: "Mobile Safari", os: "iOS", device: DeviceType.Mobile),
            Log(LoginEventType.SignInSucceeded, Now.AddDays(-3), userId: "u-old", userName: "old@example.com"));
    }

    [Fact]
    public void Render_EventsOfTheLastDay_ShowsThemNewestFirstInWords()
    {
        var page = RenderAt<Logins>("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(["ada@example.com", "mallory", "ada@example.com", "bob@example.com"], Rows(page).Select(UserCell)));
        Assert.Equal("4 events", page.Find(".history-count").TextContent);
        var first = Rows(page)[0];
        Assert.Equal("Signed in", first.QuerySelector(".history-event")!.TextContent);
        Assert.Equal("2026-11-18 11:50", first.QuerySelector("time")!.TextContent);
        Assert.Equal("admin/users/u-ada", first.QuerySelector("a.history-user")!.GetAttribute("href"));
        Assert.DoesNotContain("old@example.com", page.Markup);
    }

    [Fact]
    public void Render_UnknownUserAndSuspiciousAttempt_AreMarkedWithTheirReasons()
    {
        var page = RenderAt<Logins>("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        var mallory = Rows(page)[1];
        Assert.Equal("no account", mallory.QuerySelector(".history-no-account")!.TextContent);
        Assert.Equal("Unknown user name", mallory.QuerySelector(".history-reason")!.TextContent);
        Assert.Equal(["Password spraying", "Bot user agent"], mallory.QuerySelectorAll(".history-suspicion-reason").Select(reason => reason.TextContent));
        Assert.Equal("Password spraying, Bot user agent", mallory.QuerySelector(".history-suspicion")!.GetAttribute("title"));
        Assert.Null(Rows(page)[0].QuerySelector(".history-suspicious"));
    }

    [Fact]
    public void Render_RiskyAttemptFromANetwork_ShowsTheChipAndANetworkLinkThatFilters()
    {
        var page = RenderAt<Logins>("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        var mallory = Rows(page)[1];
        Assert.Equal("High", mallory.QuerySelector(".risk-chip")!.TextContent.Trim());
        Assert.Equal("AS14061 DigitalOcean, LLC", mallory.QuerySelector("a.history-network")!.TextContent);
        Assert.Equal("admin/logins?asn=14061", mallory.QuerySelector("a.history-network")!.GetAttribute("href"));
        Assert.Null(Rows(page)[0].QuerySelector(".risk-chip"));
    }

    [Theory]
    [InlineData("admin/logins?risk=High")]
    [InlineData("admin/logins?asn=14061")]
    public void Render_RiskOrNetworkFilterUrl_ShowsOnlyThoseRows(string url)
    {
        var page = RenderAt<Logins>(url);

        page.WaitForAssertion(() => Assert.Equal(["mallory"], Rows(page).Select(UserCell)));
    }

    [Fact]
    public void Render_LongCellText_KeepsTheWholeTextInTheTooltip()
    {
        var page = RenderAt<Logins>("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        var browser = Rows(page)[0].QuerySelectorAll(".cut-text").First(cell => cell.TextContent.StartsWith("Chrome", StringComparison.Ordinal));
        Assert.Equal("Chrome 124.0.0", browser.GetAttribute("title"));
    }

    [Fact]
    public void Render_NothingMatches_SaysHowToFindEvents()
    {
        var page = RenderAt<Logins>("admin/logins?q=nobody-has-this");

        page.WaitForAssertion(() => Assert.Equal(
            "No events match these filters. Widen the date range or clear filters.", page.Find(".history-empty").TextContent));
        Assert.Equal("0 events", page.Find(".history-count").TextContent);
    }

    [Fact]
    public void Render_BookmarkedFilterUrl_OffersTheSameRowsAsJsonLinesOcsfAndEcs()
    {
        var page = RenderAt<Logins>("admin/logins?out=fail");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("a.history-export-ocsf")));
        Assert.Equal("admin/logins/export?out=fail&format=jsonl", page.Find("a.history-export-jsonl").GetAttribute("href"));
        Assert.Equal("admin/logins/export?out=fail&format=ocsf", page.Find("a.history-export-ocsf").GetAttribute("href"));
        Assert.Equal("admin/logins/export?out=fail&format=ecs", page.Find("a.history-export-ecs").GetAttribute("href"));
    }

    [Fact]
    public void Render_BookmarkedFilterUrl_ShowsOnlyMatchingRowsAndKeepsItInTheExportLink()
    {
        var page = RenderAt<Logins>("admin/logins?ip=198.51.100.7&out=fail&sr=PasswordSpraying");

        page.WaitForAssertion(() => Assert.Equal(["mallory"], Rows(page).Select(UserCell)));
        Assert.Equal("admin/logins/export?out=fail&sr=PasswordSpraying&ip=198.51.100.7", page.Find("a.history-export").GetAttribute("href"));
        Assert.Contains("Clear filters", page.Find(".history-clear").TextContent);
    }

    [Fact]
    public async Task ChooseOutcome_Failed_PutsTheFilterInTheUrlAndShowsOnlyFailures()
    {
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        var outcome = page.FindComponents<MudSelect<LoginOutcome>>().Single();
        await page.InvokeAsync(() => outcome.Instance.ValueChanged.InvokeAsync(LoginOutcome.Failed));

        Assert.EndsWith("admin/logins?out=fail", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(["mallory", "ada@example.com"], Rows(page).Select(UserCell)));
        Assert.Equal("admin/logins/export?out=fail", page.Find("a.history-export").GetAttribute("href"));
    }

    [Fact]
    public void SubmitSearch_PutsTheTextInTheUrlAndShowsMatchingRows()
    {
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        page.Find("#history-search").Input("bob@");
        page.Find("form[role=search]").Submit();

        Assert.EndsWith("admin/logins?q=bob@", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(["bob@example.com"], Rows(page).Select(UserCell)));
    }

    [Fact]
    public void BackButton_PreviousUrl_ShowsThePreviousFilterAgain()
    {
        var page = RenderAt<Logins>("admin/logins?out=fail");
        page.WaitForAssertion(() => Assert.Equal(2, Rows(page).Count));

        // What the browser's back button does: the location changes without the page asking.
        Navigation.NavigateTo("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
    }

    [Fact]
    public void IpLink_KeepsTheCurrentFilterAndNarrowsToThatAddress()
    {
        var page = RenderAt<Logins>("admin/logins?out=fail");

        page.WaitForAssertion(() => Assert.Equal(2, Rows(page).Count));
        Assert.Equal("admin/logins?out=fail&ip=198.51.100.7", Rows(page)[0].QuerySelector("a.history-ip")!.GetAttribute("href"));
    }

    [Fact]
    public async Task NextPage_ManyEvents_ShowsTheRemainingRowsFromSql()
    {
        await Database.AddAsync(Enumerable.Range(1, 30)
            .Select(i => (object)Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-40 - i), userName: $"user{i:00}@example.com"))
            .ToArray());
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(25, Rows(page).Count));
        Assert.Equal("34 events", page.Find(".history-count").TextContent);

        await page.InvokeAsync(() => page.FindComponent<MudDataGrid<Web.Components.Pages.Admin.History.HistoryRow>>().Instance.NavigateTo(MudBlazor.Page.Next));

        page.WaitForAssertion(() => Assert.Equal(
            ["user23@example.com", "user24@example.com", "user25@example.com", "user26@example.com",
             "user27@example.com", "user28@example.com", "user29@example.com", "user30@example.com", "bob@example.com"],
            Rows(page).Select(UserCell)));
    }

    [Fact]
    public void SortByUser_Click_AsksSqlForTheRowsInNameOrder()
    {
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        page.FindAll(".history-grid th").First(th => th.TextContent.Trim() == "User").QuerySelector(".sortable-column-header")!.Click();

        page.WaitForAssertion(() => Assert.Equal(["ada@example.com", "ada@example.com", "bob@example.com", "mallory"], Rows(page).Select(UserCell)));
    }

    [Fact]
    public async Task OpenDetails_SealedRow_ShowsItsSealFromTheSealTable()
    {
        await new ChainSealer(Database, TimeProvider.System).SealAsync();
        await using var db = Database.CreateDbContext();
        var seals = await db.LoginLogSeals.AsNoTracking().ToDictionaryAsync(seal => seal.LoginLogId);
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        Rows(page)[0].QuerySelector(".history-details-button")!.Click();

        page.WaitForAssertion(() => Assert.StartsWith("#", page.Find(".login-details .chain-position").TextContent, StringComparison.Ordinal));
        var hash = page.Find(".login-details .chain-hash").TextContent;
        var seal = Assert.Single(seals.Values, seal => Convert.ToHexStringLower(seal.ChainHash) == hash);
        Assert.Equal($"#{seal.ChainSeq:N0}", page.Find(".login-details .chain-position").TextContent);
    }

    [Fact]
    public void OpenDetails_Row_ShowsTheSectionsWithTheSessionsOtherEventsAndIntegrity()
    {
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));

        Rows(page)[0].QuerySelector(".history-details-button")!.Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".login-details .session-events li").Count));
        var details = page.Find(".login-details");
        Assert.Equal(["Basic info", "Device info", "Location and network", "Session", "Integrity"], details.QuerySelectorAll("h3").Select(h => h.TextContent));
        Assert.Equal(AdaAgent, details.QuerySelector(".raw-user-agent")!.TextContent);
        Assert.Equal("admin/users/u-ada", details.QuerySelector("a.user-timeline-link")!.GetAttribute("href"));
        Assert.Equal("admin/logins?r=custom&ip=192.0.2.10", details.QuerySelector("a.ip-events-link")!.GetAttribute("href"));
        Assert.Equal("admin/logins?r=custom&sid=s-ada-1", details.QuerySelector("a.session-events-link")!.GetAttribute("href"));
        Assert.Contains("(this event)", details.QuerySelector(".session-events .this-event")!.TextContent);
        Assert.StartsWith("not sealed yet", details.QuerySelector(".chain-position")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void CloseDetails_Escape_ClosesThePanel()
    {
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        Rows(page)[1].QuerySelector(".history-details-button")!.Click();

        page.Find(".login-details").KeyDown("Escape");

        Assert.Empty(page.FindAll(".login-details"));
    }

    [Fact]
    public void ColumnChooser_HideOutcome_DropsTheColumnAndRemembersItInTheBrowser()
    {
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        page.Find(".history-columns-toggle").Click();

        page.Find(".column-chooser-item[data-column=Outcome] input[type=checkbox]").Change(false);

        page.WaitForAssertion(() => Assert.DoesNotContain("Outcome", Headings(page)));
        var saved = JSInterop.VerifyInvoke("loginAudit.save");
        Assert.Equal($"loginaudit.history.layout.{AdminId}", saved.Arguments[0]);
        Assert.Equal("Time,Event,-Outcome,User,Ip,Browser,Os,Device,Location,Network,Risk,Suspicious|dense", saved.Arguments[1]);
    }

    [Fact]
    public void ColumnChooser_MoveUserEarlier_ReordersTheColumns()
    {
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        page.Find(".history-columns-toggle").Click();

        page.Find(".column-chooser-item[data-column=User] .column-chooser-earlier").Click();

        page.WaitForAssertion(() => Assert.Equal(["Time", "Event", "User", "Outcome"], Headings(page).Take(4)));
    }

    [Fact]
    public void Render_LayoutRememberedInTheBrowser_ShowsTheAdminsColumnsAndRowHeight()
    {
        JSInterop.Setup<string?>("loginAudit.load", $"loginaudit.history.layout.{AdminId}").SetResult("User,Time,-Event|comfortable");

        var page = RenderAt<Logins>("admin/logins");

        page.WaitForAssertion(() => Assert.Equal(["User", "Time", "Outcome"], Headings(page).Take(3)));
        Assert.DoesNotContain("Event", Headings(page));
        Assert.Empty(page.FindAll(".history-grid .mud-table-dense"));
    }

    [Fact]
    public async Task NewEventPublished_ShowsNoticeWithoutReloadingUntilClicked()
    {
        var page = RenderAt<Logins>("admin/logins");
        page.WaitForAssertion(() => Assert.Equal(4, Rows(page).Count));
        var feed = Services.GetRequiredService<LoginEventFeed>();
        page.WaitForState(() => feed.SubscriberCount == 1);

        var fresh = Log(LoginEventType.SignInFailed, Now.AddMinutes(-1), userName: "eve", reason: LoginFailureReason.UnknownUser);
        await Database.AddAsync(fresh);
        feed.Publish(fresh);

        page.WaitForAssertion(() => Assert.Equal("1 new event — show", page.Find(".history-show-new").TextContent.Trim()));
        Assert.Equal(4, Rows(page).Count);

        page.Find(".history-show-new").Click();

        page.WaitForAssertion(() => Assert.Equal("eve", UserCell(Rows(page)[0])));
        Assert.Empty(page.FindAll(".history-show-new"));
    }

    [Fact]
    public async Task Dispose_OpenPage_StopsListeningToTheFeed()
    {
        var page = RenderAt<Logins>("admin/logins");
        var feed = Services.GetRequiredService<LoginEventFeed>();
        page.WaitForState(() => feed.SubscriberCount == 1);

        await DisposeComponentsAsync();

        Assert.Equal(0, feed.SubscriberCount);
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<Logins> page) => page.FindAll(".history-grid tbody tr.history-row");

    private static IEnumerable<string> Headings(IRenderedComponent<Logins> page) =>
        page.FindAll(".history-grid thead th").Select(th => th.TextContent.Trim()).Where(text => text.Length > 0);

    private static string UserCell(IElement row) =>
        (row.QuerySelector(".history-user") ?? row.QuerySelector(".history-user-unknown"))!.TextContent.Trim();
}
