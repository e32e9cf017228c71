using System.Net;
using System.Text.RegularExpressions;
using LoginAudit.Data.Geo;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Networks;

public enum ZoneAction
{
    /// <summary>Sign-ins from the zone are refused.</summary>
    Deny,

    /// <summary>Once any zone allows, sign-ins from outside every allowing zone are refused.</summary>
    Allow,
}

/// <summary>One entry of <c>LoginAudit:Zones</c>: a named set of countries and autonomous systems (README, "Network zones").</summary>
public sealed class NetworkZone
{
    public string Name { get; set; } = "";

    public ZoneAction Action { get; set; } = ZoneAction.Deny;

    /// <summary>ISO 3166-1 alpha-2 codes, such as <c>DE</c>.</summary>
    public List<string> Countries { get; set; } = [];

    /// <summary>Autonomous system numbers, such as <c>16509</c>.</summary>
    public List<int> Asns { get; set; } = [];

    internal bool Contains(string? countryCode, int? asn) =>
        (countryCode is not null && Countries.Contains(countryCode, StringComparer.OrdinalIgnoreCase))
        || (asn is { } number && Asns.Contains(number));
}

/// <summary>Why a sign-in attempt was refused: the <c>error_code</c> of its <c>ZoneRefused</c> row.</summary>
public sealed record ZoneRefusal(string Code);

/// <summary>
/// Decides from the client address alone (country from <see cref="IpGeolocator"/>, network from
/// <see cref="AsnDatabase"/>) whether a sign-in attempt may reach the password check. The address is the one the
/// request pipeline settled on, so an <c>X-Forwarded-For</c> from a peer that is not a trusted proxy never decides.
/// </summary>
public sealed partial class NetworkZones(IpGeolocator geolocator, AsnDatabase networks, IOptions<LoginAuditOptions> options)
{
    public const string OutsideAllowedZones = "outside";

    /// <summary>Null when admitted. Deny zones first; then, if any zone allows, an address in none of them is refused.</summary>
    public ZoneRefusal? Decide(string? ipAddress)
    {
        var zones = options.Value.Zones;
        if (zones.Count == 0 || !IPAddress.TryParse(ipAddress, out var address))
        {
            return null;
        }

        // Private, loopback and other special-purpose addresses do not come from the internet: a deployment that
        // sees them either has no proxy in front or has not named it in TrustedProxies; zones are about networks.
        if (SpecialNetworks.Classify(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address) is not null)
        {
            return null;
        }

        var countryCode = geolocator.Locate(address)?.CountryCode;
        var asn = networks.Find(address)?.Asn;
        if (zones.FirstOrDefault(zone => zone.Action == ZoneAction.Deny && zone.Contains(countryCode, asn)) is { } denied)
        {
            return new ZoneRefusal($"zone={denied.Name}");
        }

        var allowing = zones.Where(zone => zone.Action == ZoneAction.Allow).ToList();
        return allowing.Count > 0 && !allowing.Any(zone => zone.Contains(countryCode, asn))
            ? new ZoneRefusal($"{OutsideAllowedZones}={string.Join('+', allowing.Select(zone => zone.Name))}")
            : null;
    }

    internal static IEnumerable<string> Validate(IReadOnlyList<NetworkZone> zones)
    {
        for (var index = 0; index < zones.Count; index++)
        {
            var zone = zones[index];
            var key = $"LoginAudit:Zones:{index}";
            if (!ZoneName().IsMatch(zone.Name))
            {
                yield return $"{key}:Name must be 1 to 24 letters, digits, '-' or '_' (it names the zone in refused rows), such as office or sanctioned.";
            }
            else if (zones.Take(index).Any(other => string.Equals(other.Name, zone.Name, StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{key}:Name '{zone.Name}' is used by an earlier zone; each zone needs its own name.";
            }

            if (!Enum.IsDefined(zone.Action))
            {
                yield return $"{key}:Action must be Deny or Allow.";
            }

            if (zone.Countries.Count == 0 && zone.Asns.Count == 0)
            {
                yield return $"{key} ({zone.Name}) names no Countries and no Asns: it would match nothing.";
            }

            foreach (var country in zone.Countries.Where(country => !CountryCode().IsMatch(country)))
            {
                yield return $"{key}:Countries holds '{country}', which is not an ISO 3166-1 alpha-2 code such as DE.";
            }

            foreach (var asn in zone.Asns.Where(asn => asn <= 0))
            {
                yield return $"{key}:Asns holds {asn}, which is not an autonomous system number (a positive integer such as 16509).";
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,24}$")]
    private static partial Regex ZoneName();

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryCode();
}
