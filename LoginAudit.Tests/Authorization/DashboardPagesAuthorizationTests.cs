using System.Net;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Authorization;

/// <summary>Every dashboard page is for administrators only, whatever its range or user id.</summary>
public sealed class DashboardPagesAuthorizationTests : AppTest
{
    public static TheoryData<string, string> Pages => new()
    {
        { "/admin", ">Overview</h1>" },
        { "/admin/failures?range=7d", ">Failed sign-ins</h1>" },
        { "/admin/users", ">Users</h1>" },
        { "/admin/users/some-user-id", ">No such user</h1>" },
        { "/admin/suspicious?range=7d", ">Suspicious sign-ins</h1>" },
        { "/admin/integrity", ">Audit log integrity</h1>" },
        { "/admin/streams", ">Push streams</h1>" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task DashboardPage_Anonymous_RedirectsToSignIn(string path, string _)
    {
        var response = await App.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"http://localhost/Account/Login?ReturnUrl={Uri.EscapeDataString(path)}", response.Headers.Location?.ToString());
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task DashboardPage_SignedInWithoutAdminRole_Answers403(string path, string _)
    {
        await App.CreateUserAsync("ivan@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("ivan@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("only for administrators", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task DashboardPage_Admin_Answers200WithThePage(string path, string expected)
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }
}
