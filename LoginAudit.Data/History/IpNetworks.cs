using System.Net;
using Microsoft.Data.Sqlite;

namespace LoginAudit.Data.History;

/// <summary>
/// The IP filter's network match (<c>203.0.113.0/24</c>, <c>2001:db8::/32</c>) as a SQL function, <c>ip_in_network(ip_address, network)</c>,
/// on both databases.
/// </summary>
/// <remarks>
/// PostgreSQL: a SQL function over <c>inet</c>'s own <c>&lt;&lt;=</c> (migration <c>InitialCreate</c> of LoginAudit.Data.PostgreSQL),
/// which the planner inlines, so the B-tree on <c>ip_address</c> answers it as a range. SQLite keeps addresses as text, whose
/// order is not the addresses' (<c>203.0.113.10</c> sorts before <c>203.0.113.9</c>) and whose IPv6 form is compressed, so no
/// text range or prefix is exact: the function below is registered on every connection and checks each row of the range
/// by parsing it, exactly as PostgreSQL's operator decides.
/// </remarks>
public static class IpNetworks
{
    public const string FunctionName = "ip_in_network";

    /// <summary>Whether <paramref name="ipAddress"/> lies in <paramref name="network"/>; for queries only (mapped to <see cref="FunctionName"/>).</summary>
    public static bool Contains(string? ipAddress, string network) =>
        throw new InvalidOperationException($"{nameof(IpNetworks)}.{nameof(Contains)} runs in the database, inside a LINQ query.");

    /// <summary>An <c>inet</c> address as text (PostgreSQL's <c>host</c>), for a prefix match in a LINQ query on PostgreSQL.</summary>
    public static string Text(string? ipAddress) =>
        throw new InvalidOperationException($"{nameof(IpNetworks)}.{nameof(Text)} runs in the database, inside a LINQ query.");

    /// <summary>A network in CIDR form; address bits beyond the prefix are ignored (<c>203.0.113.7/24</c> is <c>203.0.113.0/24</c>), as PostgreSQL's <c>inet</c> ignores them.</summary>
    public static bool TryParse(string? text, out IPNetwork network) =>
        IPNetwork.TryParse(text?.Trim(), out network) && text!.Contains('/');

    internal static void Register(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?, bool>(FunctionName, Evaluate, isDeterministic: true);

    private static CachedNetwork? last;

    private static bool Evaluate(string? ipAddress, string? network)
    {
        if (ipAddress is null || network is null || !IPAddress.TryParse(ipAddress, out var address))
        {
            return false;
        }

        // A query passes the same network for every row: parse it once.
        var cached = last;
        if (cached is null || cached.Text != network)
        {
            cached = new CachedNetwork(network, IPNetwork.TryParse(network, out var parsed) ? parsed : null);
            last = cached;
        }

        return cached.Network is { } value && value.Contains(address);
    }

    private sealed record CachedNetwork(string Text, IPNetwork? Network);
}
