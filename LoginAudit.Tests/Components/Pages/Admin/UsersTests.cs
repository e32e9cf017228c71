using LoginAudit.Data.Auditing;
using LoginAudit.Tests.ComponentTesting;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using UsersPage = LoginAudit.Web.Components.Pages.Admin.Users;

namespace LoginAudit.Tests.Components.Pages.Admin;

public sealed class UsersTests : AdminPageTestContext
{
    protected override async Task SeedAsync()
    {
        await Database.AddAsync(
            User("u-alice", "alice@example.com"),
            User("u-bob", "bob@example.com"),
            User("u-carol", "carol@example.org"));
        await Database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-1), "u-alice", "alice@example.com", sessionId: "a1"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-3), "u-bob", "bob@example.com", LoginFailureReason.InvalidPassword),
            Log(LoginEventType.LockedOut, Now.AddHours(-3), "u-bob", "bob@example.com"),
            Log(LoginEventType.SignInFailed, Now.AddDays(-3), "u-bob", "bob@example.com", LoginFailureReason.InvalidPassword));
        await Database.AddAsync(Session("a1", "u-alice", Now.AddHours(-1), Now.AddHours(11)));
    }

    private static List<string[]> Cells(RenderedComponent<UsersPage> page) =>
        page.FindAll(".users-grid tbody tr")
            .Select(row => row.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()).ToArray())
            .ToList();

    [Fact]
    public void Users_WithAccounts_ListsLastSignInFailuresInRangeAndActiveSessions()
    {
        var page = Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Equal(3, Cells(page).Count));
        Assert.Equal(
            [
                ["alice@example.com", "2026-11-18 11:00", "0", "1"],
                ["bob@example.com", "never", "2", "0"],
                ["carol@example.org", "never", "0", "0"],
            ],
            Cells(page));
    }

    [Fact]
    public void Users_Row_LinksToTheUsersPageInTheSameRange()
    {
        Navigation.NavigateTo("admin/users?range=7d");

        var page = Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Equal("3", Cells(page)[1][2]));
        Assert.Equal("/admin/users/u-bob?range=7d", page.FindAll("a.user-link")[1].GetAttribute("href"));
    }

    [Fact]
    public void RangeChangedInUrl_CountsFailuresOverTheNewRange()
    {
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal("2", Cells(page)[1][2]));

        Navigation.NavigateTo(page.FindAll("a.range-preset").Single(link => link.TextContent == "Last 7 days").GetAttribute("href")!);

        page.WaitForAssertion(() => Assert.Equal("3", Cells(page)[1][2]));
        Assert.Equal("7d", Navigation.GetQueryParameter("range"));
    }

    [Fact]
    public void Search_ByEmailPart_ShowsOnlyMatchingUsers()
    {
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(3, Cells(page).Count));

        page.Find("#user-search").Change("EXAMPLE.ORG");
        page.Find("form.user-filters").Submit();

        page.WaitForAssertion(() => Assert.Equal(["carol@example.org"], page.FindAll("a.user-link").Select(link => link.TextContent)));
        Assert.Equal("EXAMPLE.ORG", Navigation.GetQueryParameter("q"));
    }

    [Fact]
    public void Users_SearchAndSortFromUrl_AreAppliedAndShownInTheForm()
    {
        Navigation.NavigateTo("admin/users?q=example.com&sort=failures");

        var page = Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Equal(["bob@example.com", "alice@example.com"], page.FindAll("a.user-link").Select(link => link.TextContent)));
        Assert.Equal("example.com", page.Find("#user-search").GetAttribute("value"));
    }

    [Fact]
    public void Search_NoMatch_SaysSo()
    {
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(3, Cells(page).Count));

        page.Find("#user-search").Change("mallory");
        page.Find("form.user-filters").Submit();

        page.WaitForAssertion(() => Assert.Contains("No users match “mallory”.", page.Find(".users-grid").TextContent));
    }

    [Fact]
    public void Sort_ByFailures_PutsTheMostFailingUserFirst()
    {
        var page = Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Equal(3, Cells(page).Count));

        page.Find("#user-sort").Change("Failures");

        page.WaitForAssertion(() => Assert.Equal("bob@example.com", page.FindAll("a.user-link")[0].TextContent));
        Assert.Equal("Failures", Navigation.GetQueryParameter("sort"));
    }
}

public sealed class UsersWithoutAccountsTests : AdminPageTestContext
{
    [Fact]
    public void Users_NoAccounts_SaysHowToGetSome()
    {
        var page = Render<UsersPage>();

        page.WaitForAssertion(() => Assert.Contains("No user accounts yet.", page.Find(".empty-state").TextContent));
        Assert.Contains("seed-demo", page.Find(".empty-state").TextContent);
    }
}
