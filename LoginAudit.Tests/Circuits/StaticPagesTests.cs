using System.Net;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Circuits;

/// <summary>
/// The admin pages rendered statically (README, "Memory per open page"): their response holds no interactive component,
/// so blazor.web.js has no circuit to open for them, and the dashboard's navigation is still there.
/// </summary>
public sealed class StaticPagesTests : AppTest
{
    public static TheoryData<string> Pages => new()
    {
        "/admin/users",
        "/admin/users/some-user-id",
        "/admin/failures?range=7d",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task StaticAdminPage_Admin_RendersNoInteractiveComponent(string path)
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var page = await browser.GetStringAsync(path);

        // Blazor marks each interactive component of a response with a comment for blazor.web.js to start it from.
        Assert.DoesNotContain("<!--Blazor:{", page, StringComparison.Ordinal);
        Assert.Contains("id=\"app-navigation\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/failures\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_Admin_RendersOneInteractiveComponentTheNewEventsNotice()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var page = await browser.GetStringAsync("/admin?range=7d");

        AssertTheNoticeIsTheOnlyInteractiveComponent(page);
    }

    [Fact]
    public async Task History_Admin_RendersOneInteractiveComponentTheNewEventsNotice()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var page = await browser.GetStringAsync("/admin/logins?r=7d");

        // The grid, its filter form and every row are in the static response, after the notice's marker.
        var marker = AssertTheNoticeIsTheOnlyInteractiveComponent(page);
        Assert.InRange(page.IndexOf("class=\"history-row", StringComparison.Ordinal), marker, page.Length);
    }

    [Fact]
    public async Task History_DetailsOfAFlaggedEvent_AddTheReviewAsTheOnlyOtherInteractiveComponent()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);
        var flagged = LoginLogSeed.Log(LoginAudit.Data.Auditing.LoginEventType.SignInFailed, App.Clock.GetUtcNow().UtcDateTime, userName: "mallory",
            reason: LoginAudit.Data.Auditing.LoginFailureReason.UnknownUser, suspicious: true);
        var id = await App.WithDatabaseAsync(async db =>
        {
            db.LoginLogs.Add(flagged);
            await db.SaveChangesAsync();
            return flagged.Id;
        });

        var page = await browser.GetStringAsync($"/admin/logins?sus=1&details={id}");

        Assert.Equal(2, page.Split("\"type\":\"server\"").Length - 1);
        var review = page.IndexOf("class=\"event-review", StringComparison.Ordinal);
        Assert.InRange(review, page.LastIndexOf("\"type\":\"server\"", StringComparison.Ordinal), page.Length);
        Assert.InRange(page.IndexOf("class=\"login-details ", StringComparison.Ordinal), 0, review);
    }

    [Fact]
    public async Task InteractiveAdminPage_Admin_RendersItsComponentMarker()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await browser.GetAsync("/admin/suspicious");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<!--Blazor:{", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// One server component's marker (its descriptor is encrypted, so what can be checked is where it is), around the
    /// notice's prerendered wrapper, after the navigation: an interactive page's one marker would hold the layout too.
    /// </summary>
    /// <returns>Where the marker is.</returns>
    private static int AssertTheNoticeIsTheOnlyInteractiveComponent(string page)
    {
        Assert.Equal(1, page.Split("\"type\":\"server\"").Length - 1);
        var marker = page.IndexOf("\"type\":\"server\"", StringComparison.Ordinal);
        var notice = page.IndexOf("class=\"new-events-notice", StringComparison.Ordinal);
        Assert.InRange(notice, marker, page.IndexOf("<!--Blazor:", marker, StringComparison.Ordinal));
        Assert.InRange(page.IndexOf("id=\"app-navigation\"", StringComparison.Ordinal), 0, marker);
        return marker;
    }
}
