using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Throttling;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Throttling;

/// <summary>Two instances on one database count the same failures, whichever of them a browser's attempts reach.</summary>
public sealed class SharedThrottlingTests() : AppTest(Limits)
{
    private const string Email = "alice@example.com";

    [Fact]
    public async Task DeviceFailures_SpreadOverTwoInstances_RefuseTheDeviceAtTheLimit()
    {
        await App.CreateUserAsync(Email);
        await using var other = App.AnotherInstance(Limits);
        var cookies = new CookieContainer();
        var onThis = App.CreateBrowser(cookies);
        var onOther = other.CreateBrowser(cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await onThis.SignInAsync(Email, LoginAuditAppFactory.UserPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await onThis.SignOutAsync()).StatusCode);

        foreach (var browser in new[] { onThis, onOther, onThis })
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(Email, "Typo-Passw0rd!")).StatusCode);
        }

        var refused = await onOther.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(nameof(ThrottleLimit.DeviceFailures), Assert.Single(await App.LoginLogsAsync(), row => row.EventType == LoginEventType.RateLimited).ErrorCode);
    }

    [Fact]
    public async Task LockoutFailures_SpreadOverTwoInstances_LockTheAccountOnBoth()
    {
        await App.CreateUserAsync(Email);
        await using var other = App.AnotherInstance(Limits);
        foreach (var instance in new[] { App, other, App, other })
        {
            await instance.CreateBrowser().SignInAsync(Email, "Typo-Passw0rd!");
        }

        await App.CreateBrowser().SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var rows = await App.LoginLogsAsync();
        Assert.Equal(LoginEventType.LockedOut, rows[3].EventType);
        Assert.Equal((LoginEventType.SignInFailed, LoginFailureReason.LockedOut), (rows[^1].EventType, rows[^1].FailureReason));
        Assert.DoesNotContain(rows, row => row.EventType == LoginEventType.SignInSucceeded);
    }

    private static void Limits(Dictionary<string, string?> settings)
    {
        settings["LoginAudit:Throttling:DeviceFailures"] = "3";
        settings["LoginAudit:Lockout:MaxFailedAttempts"] = "4";
    }
}
