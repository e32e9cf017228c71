using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Security;

/// <summary>What every response tells the browser, through the real pipeline: the policy, the headers, the cookies, the host.</summary>
public sealed partial class SecurityHeadersTests() : AppTest(settings => settings["AllowedHosts"] = "localhost;loginaudit.example")
{
    private static readonly Uri ProductionAddress = new("https://loginaudit.example");

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/")]
    [InlineData("/status/404")]
    public async Task Page_AnyResponse_CarriesEverySecurityHeader(string path)
    {
        var response = await App.CreateBrowser().GetAsync(path);

        var policy = Directives(Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("'self'", policy["default-src"]);
        Assert.Matches(@"^'self' 'nonce-[A-Za-z0-9+/]{22}=='$", policy["script-src"]);
        Assert.Equal("'self' 'unsafe-inline'", policy["style-src"]);
        Assert.Equal("'self' data:", policy["img-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'self'", policy["base-uri"]);
        Assert.Equal("'self'", policy["form-action"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task ImportMap_OnAPage_CarriesTheNonceOfItsOwnResponseOnly()
    {
        var browser = App.CreateBrowser();

        var first = await browser.GetAsync("/Account/Login");
        var second = await browser.GetAsync("/Account/Login");

        var nonce = ImportMapNonce(await first.Content.ReadAsStringAsync());
        Assert.Equal($"'self' 'nonce-{nonce}'", Directives(first.Headers.GetValues("Content-Security-Policy").Single())["script-src"]);
        Assert.NotEqual(nonce, ImportMapNonce(await second.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task SignIn_OverHttps_EveryCookieIsSecure()
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = App.CreateBrowser(baseAddress: ProductionAddress);

        var form = await browser.GetAsync("/Account/Login");
        var signIn = await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = SetCookies(form).Concat(SetCookies(signIn)).ToList();
        Assert.Contains(cookies, cookie => cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, cookie => cookie.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Contains(cookies, cookie => cookie.StartsWith(".LoginAudit.Device.", StringComparison.Ordinal));
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Page_OverHttpsOutsideDevelopment_CarriesHsts()
    {
        var response = await App.CreateBrowser(baseAddress: ProductionAddress).GetAsync("/Account/Login");

        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/Account/Manage")]
    public async Task ProtectedPage_ForAHostNotAllowed_Is400WithoutRedirect(string path)
    {
        var response = await App.CreateBrowser(baseAddress: new Uri("http://evil.example")).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task ProtectedPage_ForAnAllowedHost_RedirectsToItsOwnSignIn()
    {
        var response = await App.CreateBrowser(baseAddress: ProductionAddress).GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("loginaudit.example", response.Headers.Location!.Host);
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    private static string ImportMapNonce(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelector("script[type=importmap]")?.GetAttribute("nonce")
        ?? throw new InvalidOperationException($"No import map with a nonce in:\n{html}");

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
