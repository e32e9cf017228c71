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
using LoginAudit.Web.Components.Pages.Admin.History;
using LoginAudit.Web.Components.Pages.Admin.Shared;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Admin;

/// <summary>
/// The history grid, rendered statically (no circuit), on a real SQLite file with the real query service: rows, the URL's
/// filter, sort, page and details, the filter form that sends them, and the live notice it hands the filter to.
/// </summary>
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
        var page = RenderStaticAt<Logins>("admin/logins");

        Assert.Equal(["ada@example.com", "mallory", "ada@example.com", "bob@example.com"], Rows(page).Select(UserCell));
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
        var page = RenderStaticAt<Logins>("admin/logins");

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
        var page = RenderStaticAt<Logins>("admin/logins");

        var mallory = Rows(page)[1];
        Assert.Equal("High", mallory.QuerySelector(".risk-chip")!.TextContent.Trim());
        Assert.Equal("AS14061 DigitalOcean, LLC", mallory.QuerySelector("a.history-network")!.TextContent);
        Assert.Equal("admin/logins?asn=14061", mallory.QuerySelector("a.history-network")!.GetAttribute("href"));
        Assert.Null(Rows(page)[0].QuerySelector(".risk-chip"));
    }

    [Theory]
    [InlineData("admin/logins?risk=High")]
    [InlineData("admin/logins?asn=14061")]
    [InlineData("admin/logins?ip=198.51.100.0/24")]
    public void Render_RiskNetworkOrIpNetworkFilterUrl_ShowsOnlyThoseRows(string url)
    {
        var page = RenderStaticAt<Logins>(url);

        Assert.Equal(["mallory"], Rows(page).Select(UserCell));
    }

    [Fact]
    public void Render_LongCellText_KeepsTheWholeTextInTheTooltip()
    {
        var page = RenderStaticAt<Logins>("admin/logins");

        var browser = Rows(page)[0].QuerySelectorAll(".cut-text").First(cell => cell.TextContent.StartsWith("Chrome", StringComparison.Ordinal));
        Assert.Equal("Chrome 124.0.0", browser.GetAttribute("title"));
    }

    [Fact]
    public void Render_NothingMatches_SaysHowToFindEvents()
    {
        var page = RenderStaticAt<Logins>("admin/logins?q=nobody-has-this");

        Assert.Equal("No events match these filters. Widen the date range or clear filters.", page.Find(".history-empty").TextContent);
        Assert.Equal("0 events", page.Find(".history-count").TextContent);
    }

    [Fact]
    public void Render_BookmarkedFilterUrl_OffersTheSameRowsAsJsonLinesOcsfAndEcs()
    {
        var page = RenderStaticAt<Logins>("admin/logins?out=fail&sort=User&page=1&details=1");

        Assert.Equal("admin/logins/export?out=fail&format=jsonl", page.Find("a.history-export-jsonl").GetAttribute("href"));
        Assert.Equal("admin/logins/export?out=fail&format=ocsf", page.Find("a.history-export-ocsf").GetAttribute("href"));
        Assert.Equal("admin/logins/export?out=fail&format=ecs", page.Find("a.history-export-ecs").GetAttribute("href"));
    }

    [Fact]
    public void Render_BookmarkedFilterUrl_ShowsOnlyMatchingRowsAndKeepsItInTheExportLink()
    {
        var page = RenderStaticAt<Logins>("admin/logins?ip=198.51.100.7&out=fail&sr=PasswordSpraying");

        Assert.Equal(["mallory"], Rows(page).Select(UserCell));
        Assert.Equal("admin/logins/export?out=fail&sr=PasswordSpraying&ip=198.51.100.7", page.Find("a.history-export").GetAttribute("href"));
        Assert.Contains("Clear filters", page.Find(".history-clear").TextContent);
        Assert.Equal("admin/logins", page.Find(".history-clear").GetAttribute("href"));
    }

    [Fact]
    public void FilterForm_BookmarkedFilter_ShowsItInItsFields()
    {
        var page = RenderStaticAt<Logins>("admin/logins?q=ada&ip=192.0.2.0/24&out=fail&ev=SignInFailed,LockedOut&sus=1&risk=High");

        var form = page.Find("form.history-filters");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("ada", page.Find("#history-search").GetAttribute("value"));
        Assert.Equal("192.0.2.0/24", page.Find("#history-ip").GetAttribute("value"));
        Assert.True(page.Find("#history-outcome option[value=fail]").HasAttribute("selected"));
        Assert.True(page.Find("#history-suspicious option[value='1']").HasAttribute("selected"));
        Assert.Equal(["SignInFailed", "LockedOut"], page.FindAll("#history-events input:checked").Select(box => box.GetAttribute("value")!).Order().Reverse());
        Assert.Equal("High", Assert.Single(page.FindAll("#history-risk input:checked")).GetAttribute("value"));
    }

    [Theory]
    [InlineData("admin/logins?q=ada&br=Chrome&os=Linux&ip=192.0.2.0/24&out=fail&ev=SignInFailed,LockedOut&fr=InvalidPassword&dev=Mobile&sus=0&sr=PasswordSpraying&risk=High,Low&uid=u-ada&sid=s-1&asn=14061&sort=User&dir=asc&size=50")]
    [InlineData("admin/logins?r=7d")]
    [InlineData("admin/logins?r=custom&from=2026-11-17T08:30:00Z&to=2026-11-18T06:00:00Z")]
    public void FilterForm_SubmittedUnchanged_AsksForTheSameViewFromPageOne(string url)
    {
        var page = RenderStaticAt<Logins>(url + "&page=2");

        var sent = HistoryView.Parse(FormQuery(page.Find("form.history-filters")));

        var shown = HistoryView.Parse(new Uri("http://localhost/" + url).Query);
        Assert.Equal(shown.Href(), sent.Href());
        Assert.Equal(1, sent.Page);
    }

    [Fact]
    public void FilterForm_NetworkFromALink_CanBeRemovedAlone()
    {
        var page = RenderStaticAt<Logins>("admin/logins?out=fail&asn=14061");

        Assert.Equal("admin/logins?out=fail", page.Find("a.history-asn-filter").GetAttribute("href"));
    }

    [Fact]
    public void IpLink_KeepsTheCurrentFilterAndNarrowsToThatAddress()
    {
        var page = RenderStaticAt<Logins>("admin/logins?out=fail");

        Assert.Equal(2, Rows(page).Count);
        Assert.Equal("admin/logins?out=fail&ip=198.51.100.7", Rows(page)[0].QuerySelector("a.history-ip")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Paging_ManyEvents_LinksToTheNextPageWhichShowsTheRemainingRowsFromSql()
    {
        await Database.AddAsync(Enumerable.Range(1, 30)
            .Select(i => (object)Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-40 - i), userName: $"user{i:00}@example.com"))
            .ToArray());
        var first = RenderStaticAt<Logins>("admin/logins");
        Assert.Equal(25, Rows(first).Count);
        Assert.Equal("34 events", first.Find(".history-count").TextContent);
        Assert.Equal("1–25 of 34 events", first.Find(".history-page-info").TextContent);
        Assert.Equal("admin/logins?page=2", first.Find("a.history-next").GetAttribute("href"));
        Assert.Empty(first.FindAll("a.history-previous"));

        var second = RenderStaticAt<Logins>("admin/logins?page=2");

        Assert.Equal(
            ["user23@example.com", "user24@example.com", "user25@example.com", "user26@example.com",
             "user27@example.com", "user28@example.com", "user29@example.com", "user30@example.com", "bob@example.com"],
            Rows(second).Select(UserCell));
        Assert.Equal("admin/logins", second.Find("a.history-previous").GetAttribute("href"));
        Assert.Empty(second.FindAll("a.history-next"));
    }

    [Theory]
    [InlineData("admin/logins?page=9", "1–4 of 4 events")]
    [InlineData("admin/logins?page=abc&size=7", "1–4 of 4 events")]
    public void Paging_PastTheLastPageOrUnreadable_ShowsTheLastOrTheFirst(string url, string info)
    {
        var page = RenderStaticAt<Logins>(url);

        Assert.Equal(4, Rows(page).Count);
        Assert.Equal(info, page.Find(".history-page-info").TextContent);
    }

    [Fact]
    public void PageSize_Links_KeepTheFilterAndStartAtPageOne()
    {
        var page = RenderStaticAt<Logins>("admin/logins?out=fail&page=2");

        Assert.Equal(["admin/logins?out=fail&size=50", "admin/logins?out=fail&size=100"],
            page.FindAll("a.history-page-size").Select(link => link.GetAttribute("href")));
    }

    [Fact]
    public void Sort_UserAscendingInTheUrl_AsksSqlForTheRowsInNameOrderAndMarksTheHeading()
    {
        var page = RenderStaticAt<Logins>("admin/logins?sort=User&dir=asc");

        Assert.Equal(["ada@example.com", "ada@example.com", "bob@example.com", "mallory"], Rows(page).Select(UserCell));
        var user = Heading(page, "User");
        Assert.Equal("ascending", user.GetAttribute("aria-sort"));
        Assert.Equal("admin/logins?sort=User", user.QuerySelector("a.history-sort")!.GetAttribute("href"));
        Assert.Equal("none", Heading(page, "Time").GetAttribute("aria-sort"));
    }

    [Fact]
    public void Sort_HeadingLinks_SortAscendingFirstAndTimeBackToNewestFirst()
    {
        var page = RenderStaticAt<Logins>("admin/logins?out=fail");

        Assert.Equal("descending", Heading(page, "Time").GetAttribute("aria-sort"));
        Assert.Equal("admin/logins?out=fail&sort=Time&dir=asc", Heading(page, "Time").QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("admin/logins?out=fail&sort=User&dir=asc", Heading(page, "User").QuerySelector("a")!.GetAttribute("href"));
        var oldestFirst = RenderStaticAt<Logins>("admin/logins?out=fail&sort=Time&dir=asc");
        Assert.Equal("admin/logins?out=fail", Heading(oldestFirst, "Time").QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(["ada@example.com", "mallory"], Rows(oldestFirst).Select(UserCell));
    }

    [Fact]
    public async Task OpenDetails_SealedRow_ShowsItsSealFromTheSealTable()
    {
        await new ChainSealer(Database, TimeProvider.System).SealAsync();
        await using var db = Database.CreateDbContext();
        var seals = await db.LoginLogSeals.AsNoTracking().ToDictionaryAsync(seal => seal.LoginLogId);

        var page = RenderStaticAt<Logins>(DetailsHref(RenderStaticAt<Logins>("admin/logins"), 0));

        Assert.StartsWith("#", page.Find(".login-details .chain-position").TextContent, StringComparison.Ordinal);
        var hash = page.Find(".login-details .chain-hash").TextContent;
        var seal = Assert.Single(seals.Values, seal => Convert.ToHexStringLower(seal.ChainHash) == hash);
        Assert.Equal($"#{seal.ChainSeq:N0}", page.Find(".login-details .chain-position").TextContent);
    }

    [Fact]
    public void OpenDetails_Row_ShowsTheSectionsWithTheSessionsOtherEventsAndIntegrity()
    {
        var href = DetailsHref(RenderStaticAt<Logins>("admin/logins?q=ada"), 0);

        var page = RenderStaticAt<Logins>(href);

        Assert.Matches(@"^admin/logins\?q=ada&details=\d+#login-details$", href);
        Assert.Equal(2, page.FindAll(".login-details .session-events li").Count);
        var details = page.Find(".login-details");
        Assert.Equal(["Basic info", "Device info", "Location and network", "Session", "Integrity"], details.QuerySelectorAll("h3").Select(h => h.TextContent));
        Assert.Equal(AdaAgent, details.QuerySelector(".raw-user-agent")!.TextContent);
        Assert.Equal("admin/users/u-ada", details.QuerySelector("a.user-timeline-link")!.GetAttribute("href"));
        Assert.Equal("admin/logins?r=custom&ip=192.0.2.10", details.QuerySelector("a.ip-events-link")!.GetAttribute("href"));
        Assert.Equal("admin/logins?r=custom&sid=s-ada-1", details.QuerySelector("a.session-events-link")!.GetAttribute("href"));
        Assert.Contains("(this event)", details.QuerySelector(".session-events .this-event")!.TextContent);
        Assert.StartsWith("not sealed yet", details.QuerySelector(".chain-position")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("selected", Rows(page)[0].ClassName);
        Assert.Empty(page.FindComponents<Web.Components.Pages.Admin.Suspicion.EventReview>());
    }

    [Fact]
    public void OpenDetails_SuspiciousRow_RendersItsReviewAsTheOnlyOtherInteractivePart()
    {
        var page = RenderStaticAt<Logins>(DetailsHref(RenderStaticAt<Logins>("admin/logins"), 1));

        Assert.Equal("Not reviewed yet.", page.Find(".login-details .event-review-state").TextContent.Trim());
        Assert.Single(page.FindComponents<Web.Components.Pages.Admin.Suspicion.EventReview>());
    }

    [Fact]
    public void CloseDetails_Link_LeadsToTheSameViewWithoutThem()
    {
        var page = RenderStaticAt<Logins>(DetailsHref(RenderStaticAt<Logins>("admin/logins?out=fail&sort=User"), 1));

        Assert.Equal("admin/logins?out=fail&sort=User", page.Find(".login-details-close").GetAttribute("href"));
    }

    [Fact]
    public void Details_OfAnEventNotOnThisPage_ShowsNoPanel()
    {
        var page = RenderStaticAt<Logins>("admin/logins?details=999999");

        Assert.Equal(4, Rows(page).Count);
        Assert.Empty(page.FindAll(".login-details"));
    }

    [Fact]
    public void Render_NoLayoutRemembered_ShowsEveryColumnInTheDefaultOrderCompact()
    {
        var page = RenderStaticAt<Logins>("admin/logins");

        Assert.Equal(HistoryColumns.All.Select(HistoryColumns.Title), Headings(page));
        Assert.NotEmpty(page.FindAll(".history-grid.mud-table-dense"));
        Assert.Equal(HistoryColumns.All.Select(column => column.ToString()), page.FindAll(".column-chooser-item").Select(item => item.GetAttribute("data-column")));
    }

    [Fact]
    public async Task Render_OneNewEventsNoticeWithThePagesFilter_LeadingToItNewestFirst()
    {
        var page = RenderStaticAt<Logins>("admin/logins?out=fail&sort=User&page=2");
        var notice = page.FindComponent<NewEventsNotice>().Instance;
        Assert.Equal("?out=fail", notice.HistoryQuery);
        Assert.Equal("admin/logins?out=fail", notice.RefreshHref);
        Assert.Equal(Now.AddDays(-1), notice.RangeFrom);
        Assert.Null(notice.FixedRangeTo);

        // The notice itself, live: it counts only events the filter may show.
        var live = RenderAt<NewEventsNotice>("admin/logins?out=fail", parameters => parameters
            .Add(component => component.RangeFrom, Now.AddDays(-1))
            .Add(component => component.LoadedAt, Clock.GetUtcNow())
            .Add(component => component.HistoryQuery, "?out=fail")
            .Add(component => component.RefreshHref, "admin/logins?out=fail"));
        var feed = Services.GetRequiredService<LoginEventFeed>();
        live.WaitForState(() => feed.SubscriberCount == 1);
        var success = Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-1), userName: "ok");
        var failure = Log(LoginEventType.SignInFailed, Now.AddMinutes(-1), userName: "eve", reason: LoginFailureReason.UnknownUser);
        await Database.AddAsync(success, failure);
        feed.Publish(success);
        feed.Publish(failure);

        live.WaitForAssertion(() => Assert.Equal("1 new event since this page was loaded.", live.Find(".live-notice span").TextContent));
        Assert.Equal("admin/logins?out=fail", live.Find("a.refresh").GetAttribute("href"));
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<Logins> page) => page.FindAll(".history-grid tbody tr.history-row");

    private static IEnumerable<string> Headings(IRenderedComponent<Logins> page) =>
        page.FindAll(".history-grid thead th").Select(th => th.TextContent.Replace("↑", "").Replace("↓", "").Trim()).Where(text => text is not ("" or "Details"));

    private static IElement Heading(IRenderedComponent<Logins> page, string title) =>
        page.FindAll(".history-grid thead th").Single(th => th.TextContent.Replace("↑", "").Replace("↓", "").Trim() == title);

    private static string UserCell(IElement row) =>
        (row.QuerySelector(".history-user") ?? row.QuerySelector(".history-user-unknown"))!.TextContent.Trim();

    private static string DetailsHref(IRenderedComponent<Logins> page, int row) =>
        Rows(page)[row].QuerySelector("a.history-details-button")!.GetAttribute("href")!;

    /// <summary>The query a browser sends for <paramref name="form"/> as it stands: its fields, ticked boxes and chosen options.</summary>
    private static string FormQuery(IElement form)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var field in form.QuerySelectorAll("input[name], select[name]"))
        {
            var name = field.GetAttribute("name")!;
            if (field.LocalName == "select")
            {
                var chosen = field.QuerySelector("option[selected]") ?? field.QuerySelector("option")!;
                pairs.Add(new(name, chosen.GetAttribute("value")));
            }
            else if (field.GetAttribute("type") != "checkbox" || field.HasAttribute("checked"))
            {
                pairs.Add(new(name, field.GetAttribute("value") ?? ""));
            }
        }

        return Microsoft.AspNetCore.Http.QueryString.Create(pairs).ToUriComponent();
    }
}
