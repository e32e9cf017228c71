using System.Net;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Throttling;

/// <summary>The sign-in form's throttling through the real pipeline: refusals, their rows, and what is never refused.</summary>
public class SignInThrottlingTests : AppTest
{
    public SignInThrottlingTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected SignInThrottlingTests(DatabaseProvider provider)
        : base(Configure, provider)
    {
    }

    private const string Attacker = "198.51.100.66";
    private const string Office = "198.51.100.80";

    private static void Configure(Dictionary<string, string?> settings) => settings["LoginAudit:Throttling:UserNamesPerAddress"] = "4";

    [DatabaseFact]
    public async Task TenFailuresForOneNameFromOneAddress_TheEleventhIsRefusedWith429AndAudited()
    {
        var browser = BrowserFrom(Attacker);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("mallory@example.com", $"Guess-{attempt}")).StatusCode);
        }

        var refused = await browser.SignInAsync("mallory@example.com", "Guess-10");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(body.Contains("Too many attempts"), body);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) is > 0 and <= 15 * 60);
        var rows = await App.LoginLogsAsync();
        Assert.Equal(11, rows.Count);
        var row = rows[^1];
        Assert.Equal(LoginEventType.RateLimited, row.EventType);
        Assert.False(row.Succeeded);
        Assert.Equal(LoginFailureReason.RateLimited, row.FailureReason);
        Assert.Equal("UserNameFailuresPerAddress", row.ErrorCode);
        Assert.Equal("mallory@example.com", row.UserName);
        Assert.Equal(Attacker, row.IpAddress);
    }

    [DatabaseFact]
    public async Task RefusedPair_SameNameFromAnotherAddress_IsNotRefused()
    {
        var attacker = BrowserFrom(Attacker);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await attacker.SignInAsync("mallory@example.com", $"Guess-{attempt}");
        }

        var elsewhere = await BrowserFrom("198.51.100.67").SignInAsync("mallory@example.com", "Guess-10");

        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(LoginEventType.SignInFailed, (await App.LoginLogsAsync())[^1].EventType);
    }

    [DatabaseFact]
    public async Task OneAddressFailingForManyNames_IsRefusedEvenWithARightPassword()
    {
        await App.CreateUserAsync("alice@example.com");
        var browser = BrowserFrom(Attacker);
        foreach (var name in new[] { "a@example.com", "b@example.com", "c@example.com", "d@example.com" })
        {
            await browser.SignInAsync(name, "Spray-2026!");
        }

        var refused = await browser.SignInAsync("alice@example.com", LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var row = (await App.LoginLogsAsync())[^1];
        Assert.Equal("UserNamesPerAddress", row.ErrorCode);
        Assert.DoesNotContain(await App.LoginLogsAsync(), log => log.EventType == LoginEventType.SignInSucceeded);
    }

    [DatabaseFact]
    public async Task OfficeBehindOneAddress_ManyUsersSigningIn_IsNeverRefused()
    {
        var responses = new List<HttpStatusCode>();
        for (var user = 0; user < 8; user++)
        {
            var email = $"colleague{user}@example.com";
            await App.CreateUserAsync(email);
            var browser = BrowserFrom(Office);

            // One mistyped password each, then the right one: failures stay under every limit that matters here.
            if (user < 3)
            {
                responses.Add((await browser.SignInAsync(email, "Typo-Passw0rd!")).StatusCode);
            }

            responses.Add((await browser.SignInAsync(email, LoginAuditAppFactory.UserPassword)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, responses);
        Assert.Equal(8, (await App.LoginLogsAsync()).Count(log => log.EventType == LoginEventType.SignInSucceeded));
        Assert.DoesNotContain(await App.LoginLogsAsync(), log => log.EventType == LoginEventType.RateLimited);
    }

    private HttpClient BrowserFrom(string address)
    {
        var browser = App.CreateBrowser();
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, address);
        return browser;
    }
}

[OnPostgreSql]
public sealed class SignInThrottlingOnPostgreSqlTests() : SignInThrottlingTests(DatabaseProvider.PostgreSQL);
