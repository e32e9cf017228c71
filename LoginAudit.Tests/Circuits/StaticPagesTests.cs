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

        // One server component's marker (its descriptor is encrypted, so what can be checked is where it is), around the
        // notice's prerendered wrapper, after the navigation: an interactive page's one marker would hold the layout too.
        Assert.Equal(1, page.Split("\"type\":\"server\"").Length - 1);
        var marker = page.IndexOf("\"type\":\"server\"", StringComparison.Ordinal);
        var notice = page.IndexOf("class=\"new-events-notice", StringComparison.Ordinal);
        Assert.InRange(notice, marker, page.IndexOf("<!--Blazor:", marker, StringComparison.Ordinal));
        Assert.InRange(page.IndexOf("id=\"app-navigation\"", StringComparison.Ordinal), 0, marker);
    }

    [Fact]
    public async Task InteractiveAdminPage_Admin_RendersItsComponentMarker()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await browser.GetAsync("/admin/logins");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<!--Blazor:{", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
