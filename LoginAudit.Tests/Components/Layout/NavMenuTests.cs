using LoginAudit.Data.Live;
using LoginAudit.Tests.ComponentTesting;
using LoginAudit.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Components.Layout;

public sealed class NavMenuTests : ComponentTestContext
{
    // The admin links include the live suspicious badge, which listens to the app's event feed.
    public NavMenuTests() => Services.AddSingleton<LoginEventFeed>();

    [Fact]
    public void NavMenu_Admin_LinksToTheSuspiciousPage()
    {
        Authentication.SetAdmin("root@example.com");

        var menu = Render<NavMenu>();

        Assert.Equal("Suspicious", menu.Find("a[href='admin/suspicious']").TextContent.Trim());
    }

    [Fact]
    public void NavMenu_Anonymous_OffersRegisterAndLogin()
    {
        var menu = Render<NavMenu>();

        var links = menu.FindAll("a.nav-link").Select(link => link.TextContent.Trim()).ToList();
        Assert.Contains("Register", links);
        Assert.Contains("Login", links);
        Assert.Empty(menu.FindAll("form[action='Account/Logout']"));
    }

    [Fact]
    public void NavMenu_SignedInUser_ShowsNameAndLogoutFormWithAntiforgeryToken()
    {
        Authentication.SetUser("ada@example.com");

        var menu = Render<NavMenu>();

        Assert.Equal("ada@example.com", menu.Find("a[href='Account/Manage']").TextContent.Trim());
        var logout = menu.Find("form[action='Account/Logout']");
        Assert.NotNull(logout.QuerySelector($"input[name={TestAntiforgeryStateProvider.FormFieldName}]"));
        Assert.Empty(menu.FindAll("a[href='Account/Login']"));
    }

    [Fact]
    public void NavMenu_AfterNavigation_LogoutReturnsToNewPage()
    {
        Authentication.SetUser("ada@example.com");
        var menu = Render<NavMenu>();

        Navigation.NavigateTo("weather");

        Assert.Equal("weather", menu.Find("input[name=ReturnUrl]").GetAttribute("value"));
    }

    [Fact]
    public void NavLink_CurrentPage_IsMarkedActive()
    {
        Authentication.SetAdmin("root@example.com");
        var menu = Render<NavMenu>();

        Navigation.NavigateTo("admin/logins");

        Assert.Equal("Sign-in history", menu.Find("a.nav-link.active").TextContent.Trim());
    }

    [Fact]
    public void NavMenu_SignedInUserWithoutAdminRole_HasNoAdminLinks()
    {
        Authentication.SetUser("ada@example.com");

        var menu = Render<NavMenu>();

        Assert.Empty(menu.FindAll("a[href^='admin']"));
    }
}
