using System.Net;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Authorization;

public sealed class AdminAuthorizationTests : AppTest
{
    [Fact]
    public async Task AdminLogins_Anonymous_RedirectsToSignIn()
    {
        var response = await App.CreateBrowser().GetAsync("/admin/logins");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login?ReturnUrl=%2Fadmin%2Flogins", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task AdminLogins_SignedInWithoutAdminRole_Answers403()
    {
        await App.CreateUserAsync("ivan@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("ivan@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.GetAsync("/admin/logins");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("only for administrators", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AdminLogins_ConfiguredAdmin_SeesTheEventsIncludingTheirOwnSignIn()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync("nobody@example.com", "Whatever-1!");
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await browser.GetAsync("/admin/logins");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("nobody@example.com", page);
        Assert.Contains("UnknownUser", page);
        Assert.Contains("SignInSucceeded", page);
    }
}
