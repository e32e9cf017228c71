using System.Globalization;
using System.Net;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Components.Shared;

namespace LoginAudit.Tests.Account;

/// <summary>
/// <c>/account/sign-ins</c> as the server sends it: every user may keep it open, so it is rendered statically (no
/// circuit) and shows its times in the zone the browser stored in a cookie.
/// </summary>
public sealed class MySignInsPageTests : AppTest
{
    private const string Email = "rosa@example.com";

    public override async Task InitializeAsync() => await App.CreateUserAsync(Email);

    [Fact]
    public async Task Get_SignedIn_RendersThePageWithoutAnInteractiveCircuit()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var html = await browser.GetStringAsync("/account/sign-ins");

        Assert.Contains(">My sign-ins</h1>", html, StringComparison.Ordinal);
        // An interactive page carries Blazor's marker for the circuit to start ("type":"server"); a static one none.
        Assert.DoesNotContain("\"type\":\"server\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TimeZoneCookie_ShowsTheTimesInThatZone()
    {
        var cookies = new CookieContainer();
        cookies.Add(new Uri("http://localhost"), new Cookie(BrowserTimeZone.CookieName, Uri.EscapeDataString("Asia/Tokyo")));
        var browser = App.CreateBrowser(cookies);
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        var signIn = (await App.LoginLogsAsync())[^1].CreatedAt;

        var html = await browser.GetStringAsync("/account/sign-ins");

        var tokyo = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(signIn, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.Contains($">{tokyo.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}</time>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" UTC</time>", html, StringComparison.Ordinal);
    }
}
