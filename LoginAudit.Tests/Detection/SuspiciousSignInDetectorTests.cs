using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Geo;
using LoginAudit.Data.Networks;
using LoginAudit.Data.Sqlite;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace LoginAudit.Tests.Detection;

/// <summary>
/// Crafted sequences of rows, each assessed and written as the recorder does, on a real SQLite file and the
/// real geolocation data. Places (read from the data): 141.20.1.3 Ludwigsfelde DE, 62.153.159.92 Grevenbroich DE
/// (about 460 km apart), 81.2.69.142 Bracknell GB, 200.160.2.3 Sao Paulo BR; networks: 3.5.140.2 Amazon (AS16509),
/// 159.89.1.1 DigitalOcean (AS14061), the others home, office and research lines.
/// </summary>
public class SuspiciousSignInDetectorTests : OperationsTest
{
    private static readonly string UserId = LoginLogSeed.AliceId;
    private const string Ludwigsfelde = "141.20.1.3";
    private const string Grevenbroich = "62.153.159.92";
    private const string Bracknell = "81.2.69.142";
    private const string SaoPaulo = "200.160.2.3";
    private const string Aws = "3.5.140.2";
    private const string DigitalOcean = "159.89.1.1";

    private static readonly DateTime Start = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);

    private readonly IpGeolocator geolocator = IpGeolocator.OpenDefault(TimeProvider.System);
    private readonly LoginAuditOptions options = new();
    private SuspiciousSignInDetector detector = null!;

    public SuspiciousSignInDetectorTests()
    {
    }

    protected SuspiciousSignInDetectorTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.AddAsync(LoginLogSeed.User(UserId, "alice@example.com"), LoginLogSeed.User(LoginLogSeed.BobId, "bob@example.com"));
        detector = new SuspiciousSignInDetector(geolocator, AsnDatabase.OpenDefault(), Options.Create(options));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        geolocator.Dispose();
    }

    [DatabaseFact]
    public async Task FirstSignIn_OfAUser_IsNotSuspicious()
    {
        var row = await RecordAsync(SignIn(Start, SaoPaulo, browser: "Firefox", os: "Linux"));

        Assert.False(row.Suspicious);
        Assert.Null(row.SuspiciousReasons);
        Assert.Equal("Sao Paulo, Brazil", row.Location);
        Assert.Equal(("BR", "Sao Paulo"), (row.CountryCode, row.City));
        Assert.NotNull(row.Latitude);
    }

    [DatabaseFact]
    public async Task BrowserUpdate_SameFamilies_IsNotANewDevice()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde, browserVersion: "124.0.0"));

        var row = await RecordAsync(SignIn(Start.AddDays(1), Ludwigsfelde, browserVersion: "125.0.1"));

        Assert.False(row.Suspicious);
    }

    [DatabaseFact]
    public async Task OtherBrowserFamily_IsANewDevice()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));

        var row = await RecordAsync(SignIn(Start.AddDays(1), Ludwigsfelde, browser: "Firefox"));

        Assert.True(row.Suspicious);
        Assert.Equal("NewDevice", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task SameBrowserOnAPhone_IsANewDevice()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));

        var row = await RecordAsync(SignIn(Start.AddDays(1), Ludwigsfelde, os: "Android", device: DeviceType.Mobile));

        Assert.Equal("NewDevice", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task DeviceLastSeenBeyondTheHistory_IsNewAgain()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde, browser: "Firefox"));
        for (var day = 1; day <= 10; day++)
        {
            await RecordAsync(SignIn(Start.AddDays(day), Ludwigsfelde));
        }

        var row = await RecordAsync(SignIn(Start.AddDays(11), Ludwigsfelde, browser: "Firefox"));

        Assert.Equal("NewDevice", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task OtherCountry_DaysLater_IsANewCountryOnly()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));

        var row = await RecordAsync(SignIn(Start.AddDays(3), Bracknell));

        Assert.Equal("NewCountry", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task OtherCityInAKnownCountry_IsANewCity()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));

        var row = await RecordAsync(SignIn(Start.AddDays(1), Grevenbroich));

        Assert.Equal("NewCity", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task CountrySeenRecently_IsNotNew()
    {
        await RecordAsync(SignIn(Start, Bracknell));
        await RecordAsync(SignIn(Start.AddDays(5), Ludwigsfelde));

        var row = await RecordAsync(SignIn(Start.AddDays(10), Bracknell));

        Assert.False(row.Suspicious);
    }

    [DatabaseTheory]
    [InlineData("192.168.1.44", "Private network")]
    [InlineData("127.0.0.1", "Loopback")]
    [InlineData("1.1.1.1", null)]
    public async Task PrivateOrUnknownLocation_IsNeverANewLocation(string address, string? location)
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));

        var row = await RecordAsync(SignIn(Start.AddMinutes(5), address));

        Assert.False(row.Suspicious);
        Assert.Equal(location, row.Location);
        Assert.Null(row.CountryCode);
    }

    [DatabaseFact]
    public async Task HistoryOfOnlyPrivateAddresses_ThenAPublicOne_IsNotANewLocation()
    {
        await RecordAsync(SignIn(Start, "10.0.0.5"));

        var row = await RecordAsync(SignIn(Start.AddDays(1), SaoPaulo));

        Assert.False(row.Suspicious);
    }

    [DatabaseFact]
    public async Task BerlinAreaToSaoPauloInAnHour_IsImpossibleTravel()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));

        var row = await RecordAsync(SignIn(Start.AddHours(1), SaoPaulo));

        Assert.Equal(SuspicionReasons.NewCountry | SuspicionReasons.ImpossibleTravel, SuspicionReasonList.Parse(row.SuspiciousReasons));
    }

    [DatabaseFact]
    public async Task BerlinAreaToSaoPauloInTwoDays_IsPossible()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));

        var row = await RecordAsync(SignIn(Start.AddDays(2), SaoPaulo));

        Assert.Equal("NewCountry", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task NeighbouringCitiesMinutesApart_AreBelowTheMinimumDistance()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));
        await RecordAsync(SignIn(Start.AddMinutes(1), Grevenbroich));

        var row = await RecordAsync(SignIn(Start.AddMinutes(2), Ludwigsfelde));

        Assert.DoesNotContain(nameof(SuspicionReasons.ImpossibleTravel), row.SuspiciousReasons ?? "");
    }

    [DatabaseFact]
    public async Task ImpossibleTravel_SkipsUnknownLocationsBetween()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));
        await RecordAsync(SignIn(Start.AddMinutes(30), "192.168.1.44"));

        var row = await RecordAsync(SignIn(Start.AddHours(1), SaoPaulo));

        Assert.Contains(nameof(SuspicionReasons.ImpossibleTravel), row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task Success_AfterFiveFailuresInFifteenMinutes_IsBruteForce()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await RecordAsync(Failure(Start.AddDays(1).AddMinutes(attempt), Ludwigsfelde, "alice@example.com", UserId));
        }

        var row = await RecordAsync(SignIn(Start.AddDays(1).AddMinutes(6), Ludwigsfelde));

        Assert.Equal("BruteForce", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task Success_AfterFourFailures_IsNotBruteForce()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await RecordAsync(Failure(Start.AddDays(1).AddMinutes(attempt), Ludwigsfelde, "alice@example.com", UserId));
        }

        var row = await RecordAsync(SignIn(Start.AddDays(1).AddMinutes(5), Ludwigsfelde));

        Assert.False(row.Suspicious);
    }

    [DatabaseFact]
    public async Task Success_AfterFailuresOutsideTheWindow_IsNotBruteForce()
    {
        await RecordAsync(SignIn(Start, Ludwigsfelde));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await RecordAsync(Failure(Start.AddDays(1).AddMinutes(attempt), Ludwigsfelde, "alice@example.com", UserId));
        }

        var row = await RecordAsync(SignIn(Start.AddDays(1).AddMinutes(25), Ludwigsfelde));

        Assert.False(row.Suspicious);
    }

    [DatabaseFact]
    public async Task OneAddressFailingAgainstTenUserNames_FlagsTheTenthFailureAsSpraying()
    {
        var rows = new List<LoginLog>();
        for (var name = 0; name < 10; name++)
        {
            rows.Add(await RecordAsync(Failure(Start.AddSeconds(name * 30), Bracknell, $"user{name}@example.com")));
        }

        Assert.All(rows.Take(9), row => Assert.False(row.Suspicious));
        Assert.Equal("PasswordSpraying", rows[9].SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task OfficeBehindOneAddress_UsersMistypingTheirOwnPasswords_IsNotSpraying()
    {
        var rows = new List<LoginLog>();
        for (var user = 0; user < 5; user++)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                rows.Add(await RecordAsync(Failure(Start.AddMinutes(user + (attempt / 10.0)), Bracknell, $"colleague{user}@example.com")));
            }
        }

        Assert.All(rows, row => Assert.False(row.Suspicious));
    }

    [DatabaseFact]
    public async Task OneUserFailingFromTheOfficeInDifferentCase_CountsAsOneName()
    {
        var rows = new List<LoginLog>();
        for (var attempt = 0; attempt < 12; attempt++)
        {
            rows.Add(await RecordAsync(Failure(Start.AddSeconds(attempt), Bracknell, attempt % 2 == 0 ? "Alice@Example.com" : "alice@example.com")));
        }

        Assert.All(rows, row => Assert.False(row.Suspicious));
    }

    [DatabaseFact]
    public async Task SprayingBehindManyCaseVariantsOfOneName_StillCountsEveryOtherName()
    {
        // Written names sort by code point: the 18 variants of "bbbbb" come before every other name, and fill the names
        // PostgreSQL reads in order first (AuditStore.RawNamesRead per name needed): the count must go on past them.
        var variants = Enumerable.Range(0, 18)
            .Select(bits => string.Concat("bbbbb".Select((letter, i) => (bits & (1 << i)) != 0 ? char.ToUpperInvariant(letter) : letter)));
        var at = Start;
        foreach (var name in variants.Concat(Enumerable.Range(1, 8).Select(n => $"c{n}@example.com")))
        {
            await RecordAsync(Failure(at = at.AddSeconds(1), Bracknell, name));
        }

        var tenth = await RecordAsync(Failure(at.AddSeconds(1), Bracknell, "d@example.com"));

        Assert.Equal("PasswordSpraying", tenth.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task SprayingFailures_OlderThanTheWindow_DoNotCount()
    {
        for (var name = 0; name < 9; name++)
        {
            await RecordAsync(Failure(Start.AddSeconds(name), Bracknell, $"user{name}@example.com"));
        }

        var row = await RecordAsync(Failure(Start.AddMinutes(20), Bracknell, "user9@example.com"));

        Assert.False(row.Suspicious);
    }

    [DatabaseFact]
    public async Task BotUserAgent_OnASignIn_IsFlagged()
    {
        var row = await RecordAsync(SignIn(Start, Ludwigsfelde, browser: "Googlebot", device: DeviceType.Bot, isBot: true));

        Assert.Equal("BotUserAgent", row.SuspiciousReasons);
    }

    [DatabaseFact]
    public async Task SignIn_FromACloudNetwork_IsHostingNetworkWithItsAsn()
    {
        var row = await RecordAsync(SignIn(Start, Aws));

        Assert.Equal("HostingNetwork", row.SuspiciousReasons);
        Assert.Equal((16509, "Amazon.com, Inc."), (row.Asn, row.AsOrg));
        Assert.Equal(RiskLevel.Medium, row.RiskLevel);
    }

    [DatabaseFact]
    public async Task SignIn_FromAnOfficeLine_HasItsNetworkAndNoRisk()
    {
        var row = await RecordAsync(SignIn(Start, Grevenbroich));

        Assert.Equal((3320, "Deutsche Telekom AG"), (row.Asn, row.AsOrg));
        Assert.False(row.Suspicious);
        Assert.Equal(RiskLevel.None, row.RiskLevel);
    }

    [DatabaseFact]
    public async Task HostingAsnsSetting_ReplacesTheDefaultList()
    {
        options.Detection.HostingAsns = [3320];

        var office = await RecordAsync(SignIn(Start, Grevenbroich));
        var cloud = await RecordAsync(SignIn(Start.AddHours(1), Aws));

        Assert.Equal("HostingNetwork", office.SuspiciousReasons);
        Assert.False(SuspicionReasonList.Parse(cloud.SuspiciousReasons).HasFlag(SuspicionReasons.HostingNetwork));
    }

    [DatabaseFact]
    public async Task OfficeBehindOneCloudNat_ColleaguesFailingTheirOwnNames_IsNotSpraying()
    {
        var rows = new List<LoginLog>();
        for (var user = 0; user < 9; user++)
        {
            rows.Add(await RecordAsync(Failure(Start.AddMinutes(user), DigitalOcean, $"colleague{user}@example.com")));
            rows.Add(await RecordAsync(Failure(Start.AddMinutes(user).AddSeconds(5), DigitalOcean, $"Colleague{user}@example.com")));
        }

        Assert.All(rows, row => Assert.Equal("HostingNetwork", row.SuspiciousReasons));
    }

    [DatabaseFact]
    public async Task SprayingFromACloudNetwork_IsHighRisk()
    {
        LoginLog last = null!;
        for (var name = 0; name < 10; name++)
        {
            last = await RecordAsync(Failure(Start.AddSeconds(name), Aws, $"user{name}@example.com"));
        }

        Assert.Equal("PasswordSpraying,HostingNetwork", last.SuspiciousReasons);
        Assert.Equal(RiskLevel.High, last.RiskLevel);
    }

    [DatabaseFact]
    public async Task SignOut_IsLocatedButNeverAssessed()
    {
        var row = SignIn(Start, SaoPaulo, isBot: true);
        row.EventType = LoginEventType.SignedOut;

        await RecordAsync(row);

        Assert.Equal("Sao Paulo, Brazil", row.Location);
        Assert.False(row.Suspicious);
        Assert.Equal(RiskLevel.None, row.RiskLevel);
    }

    [DatabaseFact]
    public void ReasonList_RoundTripsAndSkipsUnknownNames()
    {
        var reasons = SuspicionReasons.NewDevice | SuspicionReasons.ImpossibleTravel;

        Assert.Equal("NewDevice,ImpossibleTravel", SuspicionReasonList.Format(reasons));
        Assert.Equal(reasons, SuspicionReasonList.Parse("NewDevice, ImpossibleTravel,SomethingNewer"));
        Assert.Null(SuspicionReasonList.Format(SuspicionReasons.None));
        Assert.Equal(SuspicionReasons.None, SuspicionReasonList.Parse(null));
    }

    [DatabaseFact]
    public void Distance_BerlinToParis_IsAbout880Km()
    {
        Assert.InRange(SignInSignals.DistanceKm(52.52, 13.405, 48.8566, 2.3522), 870, 890);
    }

    private async Task<LoginLog> RecordAsync(LoginLog row)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var store = new AuditStore(connection);
        await detector.AssessAsync(store, row);
        await store.InsertAsync(row);
        return row;
    }

    private static LoginLog SignIn(
        DateTime at, string ip, string browser = "Chrome", string browserVersion = "124.0.0", string os = "Windows",
        DeviceType device = DeviceType.Desktop, bool isBot = false) =>
        new()
        {
            EventType = LoginEventType.SignInSucceeded,
            Succeeded = true,
            UserId = UserId,
            UserName = "alice@example.com",
            SignInMethod = SignInMethod.Password,
            IpAddress = ip,
            Browser = browser,
            BrowserVersion = browserVersion,
            Os = os,
            DeviceType = device,
            IsBot = isBot,
            CreatedAt = at,
        };

    private static LoginLog Failure(DateTime at, string ip, string userName, string? userId = null) =>
        new()
        {
            EventType = LoginEventType.SignInFailed,
            Succeeded = false,
            FailureReason = userId is null ? LoginFailureReason.UnknownUser : LoginFailureReason.InvalidPassword,
            UserId = userId,
            UserName = userName,
            SignInMethod = SignInMethod.Password,
            IpAddress = ip,
            Browser = "Chrome",
            Os = "Windows",
            DeviceType = DeviceType.Desktop,
            CreatedAt = at,
        };
}

[OnPostgreSql]
public sealed class SuspiciousSignInDetectorOnPostgreSqlTests() : SuspiciousSignInDetectorTests(DatabaseProvider.PostgreSQL);
