using LoginAudit.Data;
using LoginAudit.Data.Detection;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Detection;

/// <summary>Geolocation and signals through the real sign-in pipeline: the recorder fills them on every row.</summary>
public class DetectionPipelineTests : AppTest
{
    public DetectionPipelineTests()
    {
    }

    protected DetectionPipelineTests(DatabaseProvider provider)
        : base(provider: provider)
    {
    }

    private const string Email = "alice@example.com";

    public override async Task InitializeAsync() => await App.CreateUserAsync(Email);

    [DatabaseFact]
    public async Task SignIn_FromAPublicAddress_StoresItsLocation()
    {
        var browser = BrowserFrom("81.2.69.142");

        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal("Bracknell, United Kingdom", row.Location);
        Assert.Equal("GB", row.CountryCode);
        Assert.Equal("Bracknell", row.City);
        Assert.NotNull(row.Latitude);
        Assert.NotNull(row.Longitude);
        Assert.False(row.Suspicious);
    }

    [DatabaseFact]
    public async Task SignIn_FromTheOtherSideOfTheWorldMinutesLater_IsFlaggedWithItsReasons()
    {
        await BrowserFrom("81.2.69.142").SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        await BrowserFrom("200.160.2.3", "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")
            .SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var rows = await App.LoginLogsAsync();
        Assert.Equal(2, rows.Count);
        Assert.True(rows[1].Suspicious);
        Assert.Equal("NewDevice,NewCountry,ImpossibleTravel", rows[1].SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task SignIn_FromACloudNetwork_StoresItsNetworkAndRisk()
    {
        await BrowserFrom("3.5.140.2").SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.Equal((16509, "Amazon.com, Inc."), (row.Asn, row.AsOrg));
        Assert.Equal(("HostingNetwork", RiskLevel.Medium), (row.SuspiciousReasons, row.RiskLevel));
    }

    [DatabaseFact]
    public async Task SignIn_ScriptedWithAnHttpLibrary_IsABotAndFlagged()
    {
        await BrowserFrom("81.2.69.142", "python-requests/2.31.0").SignInAsync(Email, "Wrong-Passw0rd!");

        var row = Assert.Single(await App.LoginLogsAsync());
        Assert.True(row.IsBot);
        Assert.Equal(LoginAudit.Data.UserAgents.DeviceType.Bot, row.DeviceType);
        Assert.Equal("BotUserAgent", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task SignIn_WithATraceparent_StoresItsTraceId()
    {
        var browser = App.CreateBrowser();
        browser.DefaultRequestHeaders.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", Assert.Single(await App.LoginLogsAsync()).TraceId);
    }

    [DatabaseFact]
    public async Task SignIn_WithoutATraceparent_StoresTheRequestsOwnTraceId()
    {
        await App.CreateBrowser().SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(await App.LoginLogsAsync()).TraceId);
    }

    [DatabaseFact]
    public async Task SignOut_FromADocumentationAddress_IsLabelledNotLocated()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        await browser.SignOutAsync();

        var rows = await App.LoginLogsAsync();
        Assert.All(rows, row => Assert.Equal("Documentation", row.Location));
        Assert.All(rows, row => Assert.Null(row.CountryCode));
    }

    [DatabaseTheory]
    [InlineData("NewDeviceHistory", "0", "LoginAudit:Detection:NewDeviceHistory")]
    [InlineData("ImpossibleTravelSpeedKmh", "-1", "LoginAudit:Detection:ImpossibleTravelSpeedKmh")]
    [InlineData("SprayingUserNames", "1", "LoginAudit:Detection:SprayingUserNames")]
    [InlineData("BruteForceWindow", "00:00:00", "LoginAudit:Detection:BruteForceWindow")]
    [InlineData("SprayingWindow", "1.00:00:01", "LoginAudit:Detection:SprayingWindow")]
    public void Options_WrongDetectionSetting_FailsWithASentenceNamingTheKey(string setting, string value, string key)
    {
        var options = new LoginAuditOptions();
        var property = typeof(DetectionSettings).GetProperty(setting)!;
        property.SetValue(options.Detection, System.ComponentModel.TypeDescriptor.GetConverter(property.PropertyType).ConvertFromInvariantString(value));

        var failure = Assert.Single(LoginAuditOptionsValidation.Validate(options));

        Assert.StartsWith(key + " must", failure);
    }

    [DatabaseFact]
    public void Options_MaxLockoutBelowTheBaseDuration_FailsWithASentenceNamingBothKeys()
    {
        var options = new LoginAuditOptions();
        options.Throttling.MaxLockoutDuration = TimeSpan.FromMinutes(1);

        var failure = Assert.Single(LoginAuditOptionsValidation.Validate(options));

        Assert.Equal("LoginAudit:Throttling:MaxLockoutDuration must be at least LoginAudit:Lockout:Duration (00:05:00).", failure);
    }

    private HttpClient BrowserFrom(string address, string? userAgent = null)
    {
        var browser = userAgent is null ? App.CreateBrowser() : App.CreateBrowser(userAgent);
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, address);
        return browser;
    }
}

[OnPostgreSql]
public sealed class DetectionPipelineOnPostgreSqlTests() : DetectionPipelineTests(DatabaseProvider.PostgreSQL);
