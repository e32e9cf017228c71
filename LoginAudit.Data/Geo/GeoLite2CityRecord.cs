using MaxMind.Db;

namespace LoginAudit.Data.Geo;

/// <summary>
/// The fields of an ip-location-db GeoLite2 City record that a location needs; the reader skips the others
/// (postcode, state, timezone). MaxMind.Db's source generator builds the decoding, so a lookup reflects on nothing.
/// </summary>
internal sealed class GeoLite2CityRecord
{
    [MapKey("country_code")]
    public string? CountryCode { get; init; }

    [MapKey("city")]
    public string? City { get; init; }

    /// <summary>Stored as a 32-bit float: the reader refuses a double here, so a data change that alters the type fails the tests.</summary>
    [MapKey("latitude")]
    public float? Latitude { get; init; }

    [MapKey("longitude")]
    public float? Longitude { get; init; }
}
