using Bunit;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Components.Pages.Account;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Components.Pages.Account;

/// <summary>A user's own sign-ins page: their recent events in the admin pages' words, nobody else's.</summary>
public sealed class SignInsTests : PageTest
{
    [Fact]
    public async Task Render_SignedInUser_ListsOnlyTheirOwnEventsInWords()
    {
        await Database.AddAsync(
            User("u-ivan", "ivan@example.com"),
            User("u-other", "other@example.com"),
            Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-5), "u-ivan", "ivan@example.com"),
            Log(LoginEventType.SignInFailed, Now.AddMinutes(-10), "u-ivan", "ivan@example.com", LoginFailureReason.InvalidPassword),
            Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-7), "u-other", "other@example.com"));
        SignInAsUser("ivan@example.com", "u-ivan");

        var page = RenderAt<SignIns>("account/sign-ins");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".recent-sign-ins tbody tr").Count));
        Assert.Equal(
            ["Signed in", "Sign-in failed: Wrong password"],
            page.FindAll(".recent-sign-ins tbody tr td:nth-child(2)").Select(cell => cell.TextContent));
        Assert.DoesNotContain("other@example.com", page.Markup);
    }

    [Fact]
    public void Render_AfterSigningOutOtherSessions_SaysHowMany()
    {
        SignInAsUser("ivan@example.com", "u-ivan");

        var page = RenderAt<SignIns>("account/sign-ins?ended=2");

        Assert.Contains("2 other sessions were signed out.", page.Find(".sessions-ended").TextContent);
    }
}
