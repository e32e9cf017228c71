using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Account;

/// <summary>Return URLs that would leave the site, on sign-in and sign-out: the rows say what the user got.</summary>
public sealed class ReturnUrlTests : AppTest
{
    public static TheoryData<string> OffSite => new()
    {
        "//evil.example", "/\\evil.example", "https://evil.example/", "http:evil.example", "javascript:alert(1)", "/%2F%2Fevil.example",
    };

    [Theory]
    [MemberData(nameof(OffSite))]
    public async Task SignIn_ReturnUrlOffTheSite_RedirectsOnTheSiteWithTheSessionItsRowDescribes(string returnUrl)
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser();

        var response = await browser.SubmitFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["Input.Email"] = "alice@example.com",
            ["Input.Password"] = LoginAuditAppFactory.UserPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("localhost", new Uri(new Uri("http://localhost/"), location).Host);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/Manage")).StatusCode);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
    }

    [Theory]
    [InlineData("/evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task SignOut_ReturnUrlOffTheSite_RedirectsHomeAndTheSessionEndsAsItsRowSays(string returnUrl)
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.SignOutAsync(returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Account/Manage")).StatusCode);
        Assert.Equal([LoginEventType.SignInSucceeded, LoginEventType.SignedOut], (await App.LoginLogsAsync()).Select(row => row.EventType));
        Assert.True(await App.WithDatabaseAsync(db => db.LoginSessions.AllAsync(session => session.EndedAt != null)));
    }

    [Fact]
    public async Task SignOut_ReturnUrlOnTheSite_RedirectsThere()
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.SignOutAsync("account/sign-ins?x=1");

        Assert.Equal("/account/sign-ins?x=1", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_Is400AndTheSessionGoesOn()
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser();
        await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        var response = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["ReturnUrl"] = "" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/Manage")).StatusCode);
        Assert.Equal([LoginEventType.SignInSucceeded], (await App.LoginLogsAsync()).Select(row => row.EventType));
    }
}
