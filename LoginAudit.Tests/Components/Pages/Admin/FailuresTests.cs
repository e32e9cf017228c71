using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.ComponentTesting;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using FailuresPage = LoginAudit.Web.Components.Pages.Admin.Failures;

namespace LoginAudit.Tests.Components.Pages.Admin;

public sealed class FailuresTests : AdminPageTestContext
{
    private const string Sprayer = "203.0.113.66";

    protected override async Task SeedAsync()
    {
        await Database.AddAsync(User("u-alice", "alice@example.com"));
        await Database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-5), "u-alice", "alice@example.com", sessionId: "s1"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), "u-alice", "alice@example.com", LoginFailureReason.InvalidPassword,
                browser: "Firefox", os: "Linux"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), null, "root", LoginFailureReason.UnknownUser, ip: Sprayer,
                browser: null, os: null, device: DeviceType.Bot),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), null, "admin", LoginFailureReason.UnknownUser, ip: Sprayer,
                browser: null, os: null, device: DeviceType.Bot),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), null, "test", LoginFailureReason.UnknownUser, ip: Sprayer,
                browser: null, os: null, device: DeviceType.Bot),
            // Two weeks ago, Wednesday 10:00 again: only in the 30-day range, where that heat-map cell recurs.
            Log(LoginEventType.SignInFailed, Now.AddDays(-14).AddHours(-2), "u-alice", "alice@example.com", LoginFailureReason.InvalidPassword));
    }

    private static IReadOnlyList<(string Label, string Count)> Rows(AngleSharp.Dom.IElement table) =>
        table.QuerySelectorAll("tbody tr")
            .Select(row => (row.QuerySelector(".breakdown-label a")!.TextContent, row.QuerySelector(".breakdown-number")!.TextContent))
            .ToList();

    private AngleSharp.Dom.IElement Table(RenderedComponent<FailuresPage> page, string caption) =>
        page.FindAll(".breakdown").Single(table => table.QuerySelector("caption")!.TextContent == caption);

    [Fact]
    public void Failures_WithFailures_BreaksThemDownByReasonUserAndIp()
    {
        var page = Render<FailuresPage>();

        page.WaitForAssertion(() => Assert.Equal("4", page.Find(".total-failures").TextContent));
        Assert.Equal([("Unknown user name", "3"), ("Wrong password", "1")], Rows(Table(page, "By reason")));

        var userNames = Table(page, "By user name").QuerySelectorAll("tbody tr").ToList();
        Assert.Equal(4, userNames.Count);
        Assert.All(userNames.Where(row => !row.TextContent.Contains("alice")), row => Assert.Contains("unknown name", row.TextContent));
        Assert.DoesNotContain("unknown name", userNames.Single(row => row.TextContent.Contains("alice")).TextContent);

        var sprayer = Table(page, "By IP address").QuerySelector("tbody tr")!;
        Assert.Equal(Sprayer, sprayer.QuerySelector(".breakdown-label a")!.TextContent);
        Assert.Equal("3", sprayer.QuerySelector(".breakdown-detail")!.TextContent);
        Assert.Contains("many names", sprayer.TextContent);
    }

    [Fact]
    public void Failures_WithFailures_BreaksThemDownByDeviceBrowserAndOs()
    {
        var page = Render<FailuresPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".breakdown")));
        Assert.Equal([("Bot", "3"), ("Desktop", "1")], Rows(Table(page, "By device type")));
        Assert.Equal([("(unknown)", "3"), ("Firefox", "1")], Rows(Table(page, "By browser")));
        Assert.Equal([("(unknown)", "3"), ("Linux", "1")], Rows(Table(page, "By operating system")));
        Assert.Contains("Failure rate per hour", page.Find("figure.failure-rate figcaption").TextContent);
    }

    [Fact]
    public void Failures_TenThousandYearsInTheUrl_ShowsTheRetentionWindowByDay()
    {
        Navigation.NavigateTo("admin/failures?from=0001-01-01&to=9999-12-31");

        var page = Render<FailuresPage>();

        page.WaitForAssertion(() => Assert.Equal("5", page.Find(".total-failures").TextContent));
        Assert.Contains("Failure rate per day", page.Find("figure.failure-rate figcaption").TextContent);
    }

    [Fact]
    public void Failures_Rows_LinkToTheHistoryFilteredToThemInTheSameRange()
    {
        Navigation.NavigateTo("admin/failures?range=7d");

        var page = Render<FailuresPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".breakdown")));
        string Href(string caption, string label) =>
            Table(page, caption).QuerySelectorAll(".breakdown-label a").Single(link => link.TextContent == label).GetAttribute("href")!;
        Assert.Equal("/admin/logins?r=7d&out=fail&fr=InvalidPassword", Href("By reason", "Wrong password"));
        Assert.Equal("/admin/logins?r=7d&out=fail&q=root", Href("By user name", "root"));
        Assert.Equal("/admin/logins?r=7d&out=fail&uid=u-alice", Href("By user name", "alice@example.com"));
        Assert.Equal($"/admin/logins?r=7d&out=fail&ip={Sprayer}", Href("By IP address", Sprayer));
        Assert.Equal("/admin/logins?r=7d&out=fail&dev=Bot", Href("By device type", "Bot"));
        Assert.Equal("/admin/logins?r=7d&out=fail&br=Firefox", Href("By browser", "Firefox"));
        Assert.Equal("/admin/logins?r=7d&out=fail&os=Linux", Href("By operating system", "Linux"));
        // No value to filter by: all failures of the range.
        Assert.Equal("/admin/logins?r=7d&out=fail", Href("By browser", "(unknown)"));
    }

    [Fact]
    public void HeatMap_InTheBrowsersTimeZone_CountsEachWeekdayHourAndLinksToThatHour()
    {
        JSRuntime.Setup("loginAudit.timeZone", "Europe/Berlin");

        var page = Render<FailuresPage>();

        // 10:00 UTC on Wednesday is 11:00 in Berlin (UTC+1 in November).
        page.WaitForAssertion(() => Assert.Equal("Failures by weekday and hour (Europe/Berlin)", page.Find(".heat-map caption").TextContent));
        var wednesday = page.FindAll(".heat-map tbody tr").Single(row => row.QuerySelector("th")!.TextContent == "Wed");
        var cells = wednesday.QuerySelectorAll("td").ToList();
        Assert.Equal("4", cells[11].TextContent.Trim());
        Assert.Equal("4 failures on Wednesdays 11:00–12:00", cells[11].QuerySelector("a")!.GetAttribute("aria-label"));
        var href = new Uri(new Uri("http://localhost"), cells[11].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("/admin/logins", href.AbsolutePath);
        Assert.Equal(
            new LoginHistoryFilter
            {
                Range = LoginHistoryRange.Custom,
                From = Now.AddHours(-2),
                To = Now.AddHours(-1),
                Outcome = LoginOutcome.Failed,
            },
            LoginHistoryFilter.Parse(href.Query));
        Assert.Single(page.FindAll(".heat-map td a"));
    }

    [Fact]
    public void HeatMap_CellThatRecursInTheRange_LinksToAllFailuresOfTheRange()
    {
        Navigation.NavigateTo("admin/failures?range=30d");

        var page = Render<FailuresPage>();

        page.WaitForAssertion(() => Assert.Equal("5", page.Find(".heat-map td a").TextContent));
        Assert.Equal("/admin/logins?r=30d&out=fail", page.Find(".heat-map td a").GetAttribute("href"));
    }

    [Fact]
    public void Failures_NoneInRange_SaysWhatToDo()
    {
        Navigation.NavigateTo("admin/failures?range=1h");

        var page = Render<FailuresPage>();

        page.WaitForAssertion(() => Assert.Contains("No failed sign-ins in this range.", page.Find(".empty-state").TextContent));
        Assert.Equal("0", page.Find(".total-failures").TextContent);
        Assert.Empty(page.FindAll(".heat-map"));
    }

    [Fact]
    public void CustomRange_Applied_PutsUtcBoundsInTheUrlAndShowsThatRange()
    {
        JSRuntime.Setup("loginAudit.timeZone", "Europe/Berlin");
        var page = Render<FailuresPage>();
        page.WaitForAssertion(() => Assert.Equal("4", page.Find(".total-failures").TextContent));

        page.Find("button[aria-controls=custom-range]").Click();
        page.Find("input[name=range-from]").Change("2026-11-01 00:00");
        page.Find("input[name=range-to]").Change("2026-11-08 00:00");
        page.Find("form#custom-range").Submit();

        // Midnight in Berlin is 23:00 UTC the day before.
        Assert.Equal("2026-10-31T23:00:00Z", Navigation.GetQueryParameter("from"));
        Assert.Equal("2026-11-07T23:00:00Z", Navigation.GetQueryParameter("to"));
        Assert.Null(Navigation.GetQueryParameter("range"));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find(".total-failures").TextContent));
        Assert.Equal("Custom…", page.Find("button.range-preset.selected").TextContent);
    }
}
