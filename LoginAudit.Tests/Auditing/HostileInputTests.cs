using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Auditing;

public sealed class HostileInputTests : AppTest
{
    [Fact]
    public async Task SignIn_WithHugeControlCharacterUserAgent_SucceedsAndStoresItCleanedAndCut()
    {
        await App.CreateUserAsync("erin@example.com");
        var hostileAgent = "Mozilla/5.0 \u0001\u0007\u001b[31m (X11; Linux x86_64) \u202e" + new string('A', 20_000);
        var browser = App.CreateBrowser(userAgent: null);
        browser.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", hostileAgent);
        browser.DefaultRequestHeaders.TryAddWithoutValidation("Sec-CH-UA", "\"\u0000\";v=\"" + new string('9', 5_000));

        var response = await browser.SignInAsync("erin@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginEventType.SignInSucceeded, row.EventType);
        Assert.Equal(LoginLogLimits.UserAgent, row.UserAgent!.Length);
        Assert.StartsWith("Mozilla/5.0 [31m (X11; Linux x86_64) AAA", row.UserAgent);
        Assert.DoesNotContain(row.UserAgent, char.IsControl);
    }

    [Fact]
    public async Task SignIn_UserNameWithLineBreaksAndMarkup_WritesTheAttemptWithASafeName()
    {
        var response = await App.CreateBrowser().SignInAsync("eve@example.com\r\nX-Injected: 1<script>alert(1)</script>\u0007\u001b\t", "Whatever-1!");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync());
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(LoginFailureReason.UnknownUser, row.FailureReason);
        Assert.Equal("eve@example.com X-Injected: 1<script>alert(1)</script>", row.UserName);
    }

    [Fact]
    public async Task SignIn_WithoutUserAgentHeader_WritesOtherDeviceAndNoAgent()
    {
        await App.CreateBrowser(userAgent: null).SignInAsync("frank@example.com", "Whatever-1!");

        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Null(row.UserAgent);
        Assert.Equal("Other", row.Browser);
        Assert.Equal(LoginAudit.Data.UserAgents.DeviceType.Other, row.DeviceType);
    }
}
