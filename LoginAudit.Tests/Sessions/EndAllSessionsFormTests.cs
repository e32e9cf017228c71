using System.Net;
using AngleSharp.Html.Parser;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Sessions;

/// <summary>
/// "End all sessions" on a user's timeline (<c>/admin/users/{id}</c>, rendered statically): a form posted back to the
/// page, under the page's admin-only authorization and antiforgery check, writing the same rows as before.
/// </summary>
public sealed class EndAllSessionsFormTests : AppTest
{
    private const string Email = "leo@example.com";
    private const string FormSelector = "form.end-sessions-form";
    private string userId = "";

    public override async Task InitializeAsync() => userId = (await App.CreateUserAsync(Email)).Id;

    private string TimelinePath => $"/admin/users/{Uri.EscapeDataString(userId)}";

    private async Task<HttpClient> SignedInUserAsync()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        return browser;
    }

    private async Task<IReadOnlyList<LoginLog>> RevokedRowsAsync() =>
        (await App.LoginLogsAsync()).Where(row => row.EventType == LoginEventType.SessionRevoked).ToList();

    [Fact]
    public async Task EndAllSessions_Admin_EndsEachSessionAuditedAndRedirectsWithTheCount()
    {
        var laptop = await SignedInUserAsync();
        var phone = await SignedInUserAsync();
        var admin = App.CreateBrowser();
        await admin.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await admin.SubmitFormAsync(TimelinePath + "?range=7d", new Dictionary<string, string>(), FormSelector);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.EndsWith($"{TimelinePath}?range=7d&ended=2", location, StringComparison.Ordinal);
        Assert.Contains($"Ended 2 sessions of {Email}.", await admin.GetStringAsync(location));
        var revoked = await RevokedRowsAsync();
        Assert.Equal(2, revoked.Count);
        Assert.All(revoked, row => Assert.Equal("EndedByAdmin", row.ErrorCode));
        Assert.DoesNotContain("You are signed in", await laptop.GetStringAsync("/"));
        Assert.DoesNotContain("You are signed in", await phone.GetStringAsync("/"));
    }

    [Fact]
    public async Task EndAllSessions_WithoutAntiforgeryToken_IsRefusedAndEndsNothing()
    {
        var laptop = await SignedInUserAsync();
        var admin = App.CreateBrowser();
        await admin.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);

        var response = await admin.PostAsync(TimelinePath, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "end-all-sessions" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await RevokedRowsAsync());
        Assert.Contains("You are signed in", await laptop.GetStringAsync("/"));
    }

    [Fact]
    public async Task EndAllSessions_NonAdminWithAValidToken_Answers403AndEndsNothing()
    {
        var laptop = await SignedInUserAsync();
        await App.CreateUserAsync("ivan@example.com");
        var ivan = App.CreateBrowser();
        await ivan.SignInAsync("ivan@example.com", LoginAuditAppFactory.UserPassword);

        // Ivan's own valid token (from his sign-ins page), posted with the timeline's form name.
        var signIns = new HtmlParser().ParseDocument(await ivan.GetStringAsync("/account/sign-ins"));
        var token = signIns.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await ivan.PostAsync(TimelinePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "end-all-sessions",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.DoesNotContain(await RevokedRowsAsync(), row => row.UserName == Email);
        Assert.Contains("You are signed in", await laptop.GetStringAsync("/"));
    }

    [Fact]
    public async Task EndAllSessions_Anonymous_RedirectsToSignInAndEndsNothing()
    {
        var laptop = await SignedInUserAsync();

        var response = await App.CreateBrowser().PostAsync(TimelinePath, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "end-all-sessions" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login?ReturnUrl=", response.Headers.Location?.ToString());
        Assert.Empty(await RevokedRowsAsync());
        Assert.Contains("You are signed in", await laptop.GetStringAsync("/"));
    }
}
