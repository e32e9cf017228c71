using System.Net;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Networks;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Networks;

/// <summary>
/// <c>LoginAudit:Zones</c> through the real sign-in form, behind a trusted proxy (10.0.0.0/8) whose
/// <c>X-Forwarded-For</c> names the client. Places: 200.160.2.3 Sao Paulo BR, 159.89.1.1 DigitalOcean (AS14061),
/// 62.153.159.92 Deutsche Telekom DE, 81.2.69.142 Bracknell GB.
/// </summary>
public sealed class NetworkZoneTests() : AppTest(settings =>
{
    settings["LoginAudit:TrustedProxies:0"] = "10.0.0.0/8";
    settings["LoginAudit:Zones:0:Name"] = "embargo";
    settings["LoginAudit:Zones:0:Action"] = "Deny";
    settings["LoginAudit:Zones:0:Countries:0"] = "BR";
    settings["LoginAudit:Zones:1:Name"] = "vps";
    settings["LoginAudit:Zones:1:Asns:0"] = "14061";
})
{
    private const string Email = "alice@example.com";

    public override async Task InitializeAsync() => await App.CreateUserAsync(Email);

    [Fact]
    public async Task SignIn_FromADeniedCountryThroughTheTrustedProxy_IsRefusedBeforeThePasswordCheck()
    {
        var response = await ThroughProxy("200.160.2.3").SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Sign-in not allowed from here", await response.Content.ReadAsStringAsync());
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(
            (LoginEventType.ZoneRefused, false, LoginFailureReason.ZoneRefused, "zone=embargo", "200.160.2.3", (string?)null),
            (row.EventType, row.Succeeded, row.FailureReason, row.ErrorCode, row.IpAddress, row.UserId));
        Assert.Equal(Email, row.UserName);
    }

    [Fact]
    public async Task SignIn_FromADeniedNetwork_NamesThatZone()
    {
        var response = await ThroughProxy("159.89.1.1").SignInAsync(Email, "Wrong-Passw0rd!");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal(("zone=vps", 14061), (row.ErrorCode, row.Asn));
        var user = await App.WithUsersAsync(users => users.FindByEmailAsync(Email));
        Assert.Equal(0, user!.AccessFailedCount);
    }

    [Fact]
    public async Task SignIn_FromAnotherCountry_IsNotRefused()
    {
        var response = await ThroughProxy("62.153.159.92").SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(LoginEventType.SignInSucceeded, Assert.Single(await App.LoginLogsAsync()).EventType);
    }

    [Fact]
    public async Task ForgedForwardedFor_FromAnUntrustedPeer_DoesNotRefuse()
    {
        var browser = App.CreateBrowser();
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, "62.153.159.92");
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "200.160.2.3");

        var response = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal((LoginEventType.SignInSucceeded, "62.153.159.92"), (row.EventType, row.IpAddress));
    }

    [Fact]
    public async Task ForgedForwardedFor_FromADeniedUntrustedPeer_DoesNotLetItIn()
    {
        var browser = App.CreateBrowser();
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, "200.160.2.3");
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "62.153.159.92");

        var response = await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("200.160.2.3", Assert.Single(await App.LoginLogsAsync()).IpAddress);
    }

    [Fact]
    public async Task RepeatedRefusals_OfOneAddress_AreAuditedUpToTheCap()
    {
        var browser = ThroughProxy("200.160.2.3");
        for (var attempt = 0; attempt < 12; attempt++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.SignInAsync(Email, "Wrong-Passw0rd!")).StatusCode);
        }

        Assert.Equal(10, (await App.LoginLogsAsync()).Count(row => row.EventType == LoginEventType.ZoneRefused));
    }

    [Theory]
    [InlineData("", "Deny", "DE", "LoginAudit:Zones:0:Name must")]
    [InlineData("office", "Allow", "DEU", "LoginAudit:Zones:0:Countries holds 'DEU'")]
    public void Options_WrongZone_FailsWithASentenceNamingTheKey(string name, string action, string country, string expected)
    {
        var options = new LoginAuditOptions();
        options.Zones.Add(new NetworkZone { Name = name, Action = Enum.Parse<ZoneAction>(action), Countries = [country] });

        Assert.StartsWith(expected, Assert.Single(LoginAuditOptionsValidation.Validate(options)));
    }

    [Fact]
    public void Options_ZoneWithNothingInIt_FailsNamingIt()
    {
        var options = new LoginAuditOptions();
        options.Zones.Add(new NetworkZone { Name = "empty" });

        Assert.Equal("LoginAudit:Zones:0 (empty) names no Countries and no Asns: it would match nothing.", Assert.Single(LoginAuditOptionsValidation.Validate(options)));
    }

    private HttpClient ThroughProxy(string client)
    {
        var browser = App.CreateBrowser();
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, "10.1.2.3");
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        return browser;
    }
}

/// <summary>An allow list: only sign-ins from the listed zones reach the password check.</summary>
public sealed class AllowedZoneTests() : AppTest(settings =>
{
    settings["LoginAudit:Zones:0:Name"] = "office";
    settings["LoginAudit:Zones:0:Action"] = "Allow";
    settings["LoginAudit:Zones:0:Countries:0"] = "DE";
})
{
    private const string Email = "bob@example.com";

    public override async Task InitializeAsync() => await App.CreateUserAsync(Email);

    [Fact]
    public async Task SignIn_FromOutsideEveryAllowedZone_IsRefusedNamingThem()
    {
        var response = await From("81.2.69.142").SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("outside=office", Assert.Single(await App.LoginLogsAsync()).ErrorCode);
    }

    [Fact]
    public async Task SignIn_FromAnAllowedZone_SignsIn()
    {
        var response = await From("62.153.159.92").SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_FromAPrivateNetwork_IsNotDecidedByZones()
    {
        var response = await From("192.168.1.20").SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private HttpClient From(string address)
    {
        var browser = App.CreateBrowser();
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, address);
        return browser;
    }
}
