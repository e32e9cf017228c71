using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Throttling;

/// <summary>"Log in with a passkey" posts the login form, so it is throttled as a password attempt is.</summary>
public sealed class PasskeyThrottlingTests() : AppTest(settings => settings["LoginAudit:Throttling:FailuresPerAddress"] = "3")
{
    [Fact]
    public async Task PasskeyAttempt_AfterTooManyFailuresFromTheAddress_IsRefusedWith429AndAuditedAsPasskey()
    {
        var browser = App.CreateBrowser();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await browser.SignInAsync("mallory@example.com", $"Guess-{attempt}");
        }

        var refused = await browser.SubmitPasskeyAsync("{\"id\":\"AAAA\"}");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var row = (await App.LoginLogsAsync())[^1];
        Assert.Equal((LoginEventType.RateLimited, LoginFailureReason.RateLimited, SignInMethod.Passkey), (row.EventType, row.FailureReason, row.SignInMethod));
        Assert.Equal("FailuresPerAddress", row.ErrorCode);
    }
}
