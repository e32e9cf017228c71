using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Sessions;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Sessions;

public sealed class SessionRevocationTests : AppTest
{
    private const string Email = "leo@example.com";
    private string userId = "";

    public override async Task InitializeAsync() => userId = (await App.CreateUserAsync(Email)).Id;

    [Fact]
    public async Task EndSessions_ByAdmin_RefusesEveryCookieAtOnceAndAuditsEachSessionOnce()
    {
        var laptop = App.CreateBrowser();
        var phone = App.CreateBrowser();
        await laptop.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        await phone.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        int ended;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            ended = await scope.ServiceProvider.GetRequiredService<SessionRevocation>().EndSessionsAsync(userId, SessionRevoker.EndedByAdmin, "admin-id");
        }

        Assert.Equal(2, ended);
        Assert.DoesNotContain("You are signed in", await laptop.GetStringAsync("/"));
        Assert.DoesNotContain("You are signed in", await phone.GetStringAsync("/"));
        var revokedRows = (await App.LoginLogsAsync()).Where(row => row.EventType == LoginEventType.SessionRevoked).ToList();
        Assert.Equal(2, revokedRows.Count);
        Assert.All(revokedRows, row => Assert.Equal("EndedByAdmin", row.ErrorCode));
        Assert.Equal(2, revokedRows.Select(row => row.SessionId).Distinct().Count());
    }

    [Fact]
    public async Task SignOutOtherSessions_FromOneBrowser_KeepsItAndEndsTheOther()
    {
        var mine = App.CreateBrowser();
        var stranger = App.CreateBrowser();
        await stranger.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        await mine.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var response = await mine.SubmitFormAsync("/account/sign-ins", new Dictionary<string, string>(), "form[action='Account/Manage/SignOutOtherSessions']");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"You are signed in as <strong>{Email}</strong>", await mine.GetStringAsync("/"));
        Assert.DoesNotContain("You are signed in", await stranger.GetStringAsync("/"));
        var rows = await App.LoginLogsAsync();
        var revoked = Assert.Single(rows, row => row.EventType == LoginEventType.SessionRevoked);
        Assert.Equal("EndedByUser", revoked.ErrorCode);
        Assert.Equal(rows[0].SessionId, revoked.SessionId);
        Assert.DoesNotContain(rows, row => row.EventType == LoginEventType.SignInSucceeded && row.Id > rows[1].Id);
    }

    [Fact]
    public async Task SignOutOtherSessions_WithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var response = await browser.PostAsync("/Account/Manage/SignOutOtherSessions", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await App.LoginLogsAsync(), row => row.EventType == LoginEventType.SessionRevoked);
    }
}
