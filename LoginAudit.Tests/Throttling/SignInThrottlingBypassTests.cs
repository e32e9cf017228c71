using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Throttling;

/// <summary>
/// An attacker whose address is refused tries to reach the password check anyway: other spellings of the form's
/// path, concurrent bursts, posts without a valid form, floods of refused requests.
/// </summary>
public sealed class SignInThrottlingBypassTests() : AppTest(settings =>
{
    settings["LoginAudit:Throttling:UserNamesPerAddress"] = "4";
    settings["LoginAudit:Throttling:RefusalRowsPerAddress"] = "3";
})
{
    private const string Attacker = "198.51.100.66";

    // What a client can put on the request line for the sign-in form; routing decides which of them reach the page.
    // (A NUL, %00, is refused by the server before any middleware: TestServer cannot even send it.)
    private static readonly string[] PathSpellings =
    [
        "/Account/Login", "/Account/Login/", "/account/login", "/ACCOUNT/LOGIN/", "/Account/Login//", "//Account/Login",
        "/Account//Login", "/Account%2FLogin", "/Account%2fLogin", "/Account/Login%2F", "/%41ccount/Login", "/Account/Log%69n",
        "/Account/Login?ReturnUrl=%2F", "/Account/Login/?x=1", "/Account/./Login", "/Account/x/../Login", "/Account/Login;x",
        "/Account/Login%20", "/Account/Login.", "/Account/Login/.", "/Account/Login%09",
    ];

    [Fact]
    public async Task RefusedAddress_FormPostedUnderAnySpellingOfThePath_NeverReachesThePasswordCheck()
    {
        await App.CreateUserAsync("alice@example.com");
        var attacker = await RefusedAttackerAsync();
        var fields = await attacker.SignInFieldsAsync("alice@example.com", LoginAuditAppFactory.UserPassword);
        var leaks = new List<string>();

        foreach (var path in PathSpellings)
        {
            var before = (await App.LoginLogsAsync()).Count;
            var response = await attacker.PostAsync(path, new FormUrlEncodedContent(fields));
            var added = (await App.LoginLogsAsync()).Skip(before).ToList();
            var signedIn = response.Headers.TryGetValues("Set-Cookie", out var cookies)
                && cookies.Any(cookie => cookie.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
            if (signedIn || added.Any(row => row.EventType != LoginEventType.RateLimited))
            {
                leaks.Add($"{path}: {(int)response.StatusCode}, rows {string.Join(", ", added.Select(row => row.EventType))}");
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    [Fact]
    public async Task ConcurrentBurstForOneName_UnderMixedSpellings_GetsNoMoreTriesThanTheLimit()
    {
        var attacker = App.CreateBrowser();
        attacker.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, Attacker);
        var fields = await attacker.SignInFieldsAsync("mallory@example.com", "Guess-2026!");
        string[] spellings = ["/Account/Login", "/Account/Login/", "/account/LOGIN", "/ACCOUNT/login/"];

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(attempt =>
            attacker.PostAsync(spellings[attempt % spellings.Length], new FormUrlEncodedContent(fields))));

        var rows = await App.LoginLogsAsync();
        Assert.Equal(10, rows.Count(row => row.EventType == LoginEventType.SignInFailed));
        Assert.Equal(14, responses.Count(response => response.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task RefusedAddress_PostWithoutAntiforgeryToken_IsRefusedWith400AndWritesNoRow()
    {
        var attacker = await RefusedAttackerAsync();
        var before = (await App.LoginLogsAsync()).Count;

        var response = await attacker.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = "chosen-by-the-attacker",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, (await App.LoginLogsAsync()).Count);
    }

    [Fact]
    public async Task RefusedAddress_FloodOfValidForms_WritesNoMoreRowsThanTheCap()
    {
        var attacker = await RefusedAttackerAsync();
        var fields = await attacker.SignInFieldsAsync("flood@example.com", "Guess-2026!");

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => attacker.PostAsync("/Account/Login", new FormUrlEncodedContent(fields))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode));
        Assert.Equal(3, (await App.LoginLogsAsync()).Count(row => row.EventType == LoginEventType.RateLimited));
    }

    [Fact]
    public async Task SignInForm_PostedWithTwoUserNames_IsRefusedWith400AndWritesNoRow()
    {
        var attacker = App.CreateBrowser();
        var fields = await attacker.SignInFieldsAsync("a@example.com", "Guess-2026!");
        var pairs = fields.Select(field => KeyValuePair.Create(field.Key, field.Value)).Append(KeyValuePair.Create("Input.Email", "b@example.com"));

        var response = await attacker.PostAsync("/Account/Login", new FormUrlEncodedContent(pairs));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await App.LoginLogsAsync());
    }

    /// <summary>An attacker's browser whose address failed for four names: refused by <c>UserNamesPerAddress</c> from now on.</summary>
    private async Task<HttpClient> RefusedAttackerAsync()
    {
        var attacker = App.CreateBrowser();
        attacker.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, Attacker);
        foreach (var name in new[] { "a@example.com", "b@example.com", "c@example.com", "d@example.com" })
        {
            Assert.Equal(HttpStatusCode.OK, (await attacker.SignInAsync(name, "Spray-2026!")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.SignInAsync("e@example.com", "Spray-2026!")).StatusCode);
        return attacker;
    }
}
