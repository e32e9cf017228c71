namespace LoginAudit.Data.Geo;

/// <summary>
/// Where an address is: a place from the geolocation database, or a kind of network that has no place
/// (private, loopback, ...), which is labelled as such and never guessed.
/// </summary>
/// <param name="Label">What <c>login_logs.location</c> shows: "Berlin, Germany", "Germany" or "Private network".</param>
public sealed record GeoLocation(
    string Label,
    string? CountryCode = null,
    string? CountryName = null,
    string? City = null,
    double? Latitude = null,
    double? Longitude = null)
{
    /// <summary>True for a place on the map; false for a special-purpose network such as a private one.</summary>
    public bool IsPublic => CountryCode is not null;
}
