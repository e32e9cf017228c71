using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Throttling;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Throttling;

/// <summary>
/// A sprayer shares an office address with people who signed in before: their browsers' device cookies keep them
/// signing in, while the sprayer's browser, and every browser without a cookie for the account, stays refused.
/// </summary>
public sealed class DeviceCookieTests() : AppTest(settings =>
{
    settings["LoginAudit:Throttling:UserNamesPerAddress"] = "4";
    settings["LoginAudit:Throttling:DeviceFailures"] = "3";
})
{
    private const string Office = "198.51.100.80";

    [Fact]
    public async Task SprayerRefusedAtTheOfficeAddress_BrowserThatSignedInBefore_StillSignsIn()
    {
        await App.CreateUserAsync("alice@example.com");
        var alice = await SignedInBeforeAsync("alice@example.com");
        await SprayFromTheOfficeAsync();

        var response = await alice.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(LoginEventType.SignInSucceeded, (await App.LoginLogsAsync())[^1].EventType);
    }

    [Fact]
    public async Task SprayerRefusedAtTheOfficeAddress_BrowserWithoutADeviceCookie_IsRefused()
    {
        await App.CreateUserAsync("alice@example.com");
        await SprayFromTheOfficeAsync();

        var response = await FromTheOffice().SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Fact]
    public async Task DeviceCookieOfOneAccount_UsedForAnother_DoesNotExemptFromTheAddressLimits()
    {
        await App.CreateUserAsync("mallory@example.com");
        await App.CreateUserAsync("alice@example.com");
        var mallory = await SignedInBeforeAsync("mallory@example.com");
        await SprayFromTheOfficeAsync();

        var response = await mallory.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Fact]
    public async Task DeviceCookie_Forged_DoesNotExemptFromTheAddressLimits()
    {
        await App.CreateUserAsync("alice@example.com");
        await SignedInBeforeAsync("alice@example.com");
        await SprayFromTheOfficeAsync();
        var forger = FromTheOffice();
        forger.DefaultRequestHeaders.Add("Cookie", $"{DeviceCookies.CookieNameFor("alice@example.com")}=CfDJ8forged-by-the-sprayer");

        var response = await forger.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Fact]
    public async Task TrustedBrowserFailingPastItsDeviceLimit_IsRefusedAloneAndAudited()
    {
        await App.CreateUserAsync("alice@example.com");
        var alice = await SignedInBeforeAsync("alice@example.com");
        var colleague = await SignedInBeforeAsync("alice@example.com");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync("alice@example.com", $"Typo-{attempt}")).StatusCode);
        }

        var refused = await alice.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);
        var other = await colleague.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        var rows = await App.LoginLogsAsync();
        Assert.Equal(nameof(ThrottleLimit.DeviceFailures), Assert.Single(rows, row => row.EventType == LoginEventType.RateLimited).ErrorCode);
    }

    private HttpClient FromTheOffice()
    {
        var browser = App.CreateBrowser();
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, Office);
        return browser;
    }

    /// <summary>A browser at the office that signed into the account (and out again) before the spraying began.</summary>
    private async Task<HttpClient> SignedInBeforeAsync(string email)
    {
        var browser = FromTheOffice();
        var signIn = await browser.SignInAsync(email, LoginAuditAppFactory.UserPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(DeviceCookies.CookieNameFor(email) + "=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignOutAsync()).StatusCode);
        return browser;
    }

    private async Task SprayFromTheOfficeAsync()
    {
        var sprayer = FromTheOffice();
        foreach (var name in new[] { "a@example.com", "b@example.com", "c@example.com", "d@example.com" })
        {
            await sprayer.SignInAsync(name, "Spray-2026!");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await sprayer.SignInAsync("e@example.com", "Spray-2026!")).StatusCode);
    }
}
