using LoginAudit.Data.Auditing;
using LoginAudit.Tests.ComponentTesting;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using SuspiciousPage = LoginAudit.Web.Components.Pages.Admin.Suspicious;

namespace LoginAudit.Tests.Components.Pages.Admin;

public sealed class SuspiciousTests : AdminPageTestContext
{
    private static LoginLog Flagged(DateTime at, string? userId, string userName, string reasons, string? location = null, LoginEventType type = LoginEventType.SignInSucceeded)
    {
        var log = Log(type, at, userId, userName, suspicious: true, location: location, browser: "Firefox", os: "Linux");
        log.SuspiciousReasons = reasons;
        return log;
    }

    private async Task SeedFlaggedAsync()
    {
        await Database.AddAsync(User("u-alice", "alice@example.com"));
        await Database.AddAsync(
            Flagged(Now.AddHours(-3), "u-alice", "alice@example.com", "NewDevice,NewCountry", "Lisbon, Portugal"),
            Flagged(Now.AddHours(-2), "u-alice", "alice@example.com", "NewCity,ImpossibleTravel", "Sydney, Australia"),
            Flagged(Now.AddHours(-1), null, "root", "PasswordSpraying", type: LoginEventType.SignInFailed),
            Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-30), "u-alice", "alice@example.com"),
            // Older than the default 24 hours: not counted.
            Flagged(Now.AddDays(-3), "u-alice", "alice@example.com", "BruteForce"));
    }

    private static string CountOf(RenderedComponent<SuspiciousPage> page, string reason) =>
        page.Find($"tr[data-reason={reason}] a.reason-count").TextContent;

    [Fact]
    public async Task Suspicious_WithFlaggedEvents_CountsEachReasonInTheRange()
    {
        await SeedFlaggedAsync();

        var page = Render<SuspiciousPage>();

        page.WaitForAssertion(() => Assert.Equal("3 suspicious events", page.Find(".total-suspicious").TextContent));
        Assert.Equal("1", CountOf(page, "NewDevice"));
        Assert.Equal("1", CountOf(page, "NewCountry"));
        Assert.Equal("1", CountOf(page, "NewCity"));
        Assert.Equal("1", CountOf(page, "ImpossibleTravel"));
        Assert.Equal("1", CountOf(page, "PasswordSpraying"));
        Assert.Equal("0", CountOf(page, "BruteForce"));
        Assert.Equal("0", CountOf(page, "BotUserAgent"));
    }

    [Fact]
    public async Task Suspicious_LongerRange_CountsOlderEventsToo()
    {
        await SeedFlaggedAsync();
        Navigation.NavigateTo("admin/suspicious?range=7d");

        var page = Render<SuspiciousPage>();

        page.WaitForAssertion(() => Assert.Equal("1", CountOf(page, "BruteForce")));
        Assert.Equal("4 suspicious events", page.Find(".total-suspicious").TextContent);
    }

    [Fact]
    public async Task Suspicious_EachReason_IsExplainedWithItsThresholdAndWhatToDo()
    {
        await SeedFlaggedAsync();

        var page = Render<SuspiciousPage>();

        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll("table.suspicion-reasons tbody tr").Count));
        Assert.Equal("New device", page.Find("tr[data-reason=NewDevice] th").TextContent);
        Assert.Contains("last 10 successful sign-ins", page.Find("tr[data-reason=NewDevice] .reason-fired").TextContent);
        Assert.Contains("last 20 successful sign-ins", page.Find("tr[data-reason=NewCity] .reason-fired").TextContent);
        Assert.Contains("1,000 km/h", page.Find("tr[data-reason=ImpossibleTravel] .reason-fired").TextContent);
        Assert.Contains("at least 5 failures on the account within 15 min", page.Find("tr[data-reason=BruteForce] .reason-fired").TextContent);
        Assert.Contains("10 different user names within 15 min", page.Find("tr[data-reason=PasswordSpraying] .reason-fired").TextContent);
        Assert.All(page.FindAll(".reason-action"), action => Assert.False(string.IsNullOrWhiteSpace(action.TextContent)));
    }

    [Fact]
    public async Task Suspicious_ReasonCount_LinksToTheHistoryFilteredByThatReasonInTheRange()
    {
        await SeedFlaggedAsync();

        var page = Render<SuspiciousPage>();

        page.WaitForAssertion(() => Assert.Equal("/admin/logins?sr=ImpossibleTravel", page.Find("tr[data-reason=ImpossibleTravel] a.reason-count").GetAttribute("href")));
        Assert.Equal("/admin/logins?sus=1", page.Find("a.total-suspicious").GetAttribute("href"));
    }

    [Fact]
    public async Task Suspicious_NewestEvents_ShowUserTimeLocationDeviceAndReasonsNewestFirst()
    {
        await SeedFlaggedAsync();

        var page = Render<SuspiciousPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("table.newest-suspicious tbody tr").Count));
        var rows = page.FindAll("table.newest-suspicious tbody tr");
        Assert.Equal("root", rows[0].QuerySelectorAll("td")[1].TextContent.Trim());
        var sydney = rows[1];
        Assert.Equal("admin/users/u-alice", sydney.QuerySelector("a.user-link")!.GetAttribute("href"));
        Assert.Contains("Sydney, Australia", sydney.TextContent);
        Assert.Contains("Firefox", sydney.TextContent);
        Assert.Equal(["New city", "Impossible travel"], sydney.QuerySelectorAll(".suspicion-reason").Select(badge => badge.TextContent));
        Assert.Contains("2026-11-18 10:00", sydney.QuerySelector("td")!.TextContent);
    }

    [Fact]
    public async Task Suspicious_NothingFlagged_SaysSoInsteadOfEmptyTables()
    {
        await Database.AddAsync(Log(LoginEventType.SignInSucceeded, Now.AddHours(-1), userName: "ada"));

        var page = Render<SuspiciousPage>();

        page.WaitForAssertion(() => Assert.Equal("No suspicious sign-ins in this range.", page.Find(".empty-state strong").TextContent));
        Assert.Empty(page.FindAll("table"));
    }

    [Fact]
    public void Suspicious_Page_ShowsHowOldTheGeolocationDataIs()
    {
        var page = Render<SuspiciousPage>();

        Assert.Contains("Geolocation data", page.Find(".geolocation-age").TextContent);
    }
}
