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
    public async Task InteractiveAdminPage_Admin_RendersItsComponentMarker()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await browser.GetAsync("/admin/logins");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<!--Blazor:{", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
