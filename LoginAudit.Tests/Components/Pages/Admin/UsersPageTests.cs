using Bunit;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Components.Pages.Admin;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Admin;

/// <summary>
/// The users page, rendered statically: its search, sort, range and page live in the query string, read forgivingly
/// (a bad value is the default, never an error) and written back encoded into its links and forms.
/// </summary>
public sealed class UsersPageTests : PageTest
{
    /// <summary>30 accounts, user-00 to user-29; user-07 has the most failures in the day.</summary>
    protected override async Task SeedAsync()
    {
        await Database.AddAsync(Enumerable.Range(0, 30).Select(number => User($"u-{number:00}", $"user-{number:00}@example.com")).ToArray());
        await Database.AddAsync(
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), "u-07", "user-07@example.com", LoginFailureReason.InvalidPassword),
            Log(LoginEventType.SignInFailed, Now.AddHours(-3), "u-07", "user-07@example.com", LoginFailureReason.InvalidPassword));
    }

    private static IReadOnlyList<string> UserNames(IRenderedComponent<Users> page) =>
        page.FindAll(".users-grid .user-link").Select(link => link.TextContent).ToList();

    [Fact]
    public void FirstPage_ThirtyAccounts_ShowsTwentyFiveAndLinksToTheNext()
    {
        var page = RenderStaticAt<Users>("admin/users");

        Assert.Equal(25, UserNames(page).Count);
        Assert.Equal("user-00@example.com", UserNames(page)[0]);
        Assert.Equal("1–25 of 30 users", page.Find(".users-pager-info").TextContent);
        Assert.Equal("http://localhost/admin/users?page=2", page.Find("a.users-next").GetAttribute("href"));
        Assert.Empty(page.FindAll("a.users-previous"));
    }

    [Fact]
    public void SecondPage_KeepsTheSortAndSearchInItsLinks()
    {
        var page = RenderStaticAt<Users>("admin/users?q=user&sort=Failures&page=2");

        Assert.Equal(5, UserNames(page).Count);
        Assert.Equal("26–30 of 30 users", page.Find(".users-pager-info").TextContent);
        Assert.Equal("http://localhost/admin/users?q=user&sort=Failures", page.Find("a.users-previous").GetAttribute("href"));
        Assert.Empty(page.FindAll("a.users-next"));
    }

    [Fact]
    public void Sort_Failures_PutsTheMostFailedAccountFirstAndSelectsTheOption()
    {
        var page = RenderStaticAt<Users>("admin/users?sort=failures");

        Assert.Equal("user-07@example.com", UserNames(page)[0]);
        Assert.True(page.Find("#user-sort option[value=Failures]").HasAttribute("selected"));
    }

    [Theory]
    [InlineData("admin/users?sort=bogus&page=abc")]
    [InlineData("admin/users?sort=99&page=-3")]
    [InlineData("admin/users?page=99999999999999999999&range=forever")]
    public void BadQueryValues_FallBackToTheDefaults(string uri)
    {
        var page = RenderStaticAt<Users>(uri);

        Assert.Equal("user-00@example.com", UserNames(page)[0]);
        Assert.True(page.Find("#user-sort option[value=UserName]").HasAttribute("selected"));
        Assert.Contains("Last 24 hours", page.Find(".range-description").TextContent, StringComparison.Ordinal);
        Assert.Equal("1–25 of 30 users", page.Find(".users-pager-info").TextContent);
    }

    [Fact]
    public void PageBeyondTheLast_ShowsTheLastPage()
    {
        var page = RenderStaticAt<Users>("admin/users?page=7");

        Assert.Equal("26–30 of 30 users", page.Find(".users-pager-info").TextContent);
        Assert.Equal(5, UserNames(page).Count);
    }

    [Fact]
    public void HostileSearch_IsEncodedInTheFieldAndTheLinks()
    {
        const string hostile = "\"><script>alert(1)</script>&page=2";

        var page = RenderStaticAt<Users>("admin/users?q=" + Uri.EscapeDataString(hostile));

        Assert.Empty(page.FindAll("script"));
        Assert.Equal(hostile, page.Find("#user-search").GetAttribute("value"));
        Assert.Equal($"No users match “{hostile}”.", page.Find(".users-empty").TextContent);
        // The range's links carry the search as one encoded value, never as markup or a second parameter.
        var preset = page.Find("a.range-preset[href*='range=7d']").GetAttribute("href")!;
        Assert.Contains("q=" + Uri.EscapeDataString(hostile), preset, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchForm_IsAGetFormThatKeepsTheRange()
    {
        var page = RenderStaticAt<Users>("admin/users?range=7d");

        var form = page.Find("form.user-filters");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("7d", form.QuerySelector("input[type=hidden][name=range]")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("label input#user-search[name=q]"));
        Assert.NotNull(form.QuerySelector("label select#user-sort[name=sort]"));
        Assert.NotNull(form.QuerySelector("button[type=submit]"));
    }

    [Fact]
    public void CustomRangeForm_SendsTheSearchAndTheZoneItsTimesAreIn()
    {
        var page = RenderStaticAt<Users>("admin/users?q=user-0&sort=LastSignIn");

        var form = page.Find("form#custom-range");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("user-0", form.QuerySelector("input[type=hidden][name=q]")!.GetAttribute("value"));
        Assert.Equal("LastSignIn", form.QuerySelector("input[type=hidden][name=sort]")!.GetAttribute("value"));
        Assert.Equal("UTC", form.QuerySelector("input[type=hidden][name=zone]")!.GetAttribute("value"));
        Assert.Equal("2026-11-17T12:00", form.QuerySelector("input#range-from[name=from]")!.GetAttribute("value"));
    }

    [Fact]
    public void CustomRange_WallClockTimesInAZone_CountFailuresOfThoseUtcHours()
    {
        // 10:30 to 11:30 in Berlin (UTC+1 in November) is 09:30 to 10:30 UTC: the failure at 10:00, not the one at 09:00.
        // Read as UTC, the same values would hold neither.
        var page = RenderStaticAt<Users>("admin/users?sort=Failures&from=2026-11-18T10:30&to=2026-11-18T11:30&zone=Europe%2FBerlin");

        var first = page.Find(".users-grid tbody tr");
        Assert.Equal("user-07@example.com", first.QuerySelector(".user-link")!.TextContent);
        Assert.Equal("1", first.QuerySelectorAll("td")[2].TextContent);
    }
}
