using System.Net;
using IPNetwork = System.Net.IPNetwork;

namespace LoginAudit.Data.Geo;

/// <summary>
/// IANA's special-purpose ranges (RFC 6890 and successors): they have no location, so they are labelled
/// rather than looked up, and a database entry that happens to cover one is never believed.
/// </summary>
internal static class SpecialNetworks
{
    public const string PrivateNetwork = "Private network";
    public const string Loopback = "Loopback";
    public const string LinkLocal = "Link-local";
    public const string SharedAddressSpace = "Carrier-grade NAT";
    public const string Documentation = "Documentation";
    public const string Unspecified = "Unspecified";
    public const string Multicast = "Multicast";
    public const string Reserved = "Reserved";

    private static readonly (IPNetwork Network, string Label)[] Networks =
    [
        (IPNetwork.Parse("0.0.0.0/8"), Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), PrivateNetwork),
        (IPNetwork.Parse("100.64.0.0/10"), SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), PrivateNetwork),
        (IPNetwork.Parse("192.0.0.0/24"), Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), Documentation),
        (IPNetwork.Parse("192.168.0.0/16"), PrivateNetwork),
        (IPNetwork.Parse("198.18.0.0/15"), Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), Documentation),
        (IPNetwork.Parse("203.0.113.0/24"), Documentation),
        (IPNetwork.Parse("224.0.0.0/4"), Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), Reserved),
        (IPNetwork.Parse("::/128"), Unspecified),
        (IPNetwork.Parse("::1/128"), Loopback),
        (IPNetwork.Parse("100::/64"), Reserved),
        (IPNetwork.Parse("2001:db8::/32"), Documentation),
        (IPNetwork.Parse("3fff::/20"), Documentation),
        (IPNetwork.Parse("fc00::/7"), PrivateNetwork),
        (IPNetwork.Parse("fe80::/10"), LinkLocal),
        (IPNetwork.Parse("ff00::/8"), Multicast),
    ];

    /// <summary>The label of the special-purpose range holding <paramref name="address"/>, or null for a public address.</summary>
    public static string? Classify(IPAddress address)
    {
        foreach (var (network, label) in Networks)
        {
            if (network.Contains(address))
            {
                return label;
            }
        }

        return null;
    }
}
