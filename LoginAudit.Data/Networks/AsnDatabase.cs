using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoginAudit.Data.Networks;

/// <summary>The autonomous system announcing an address: its number and organisation.</summary>
public sealed record NetworkOwner(int Asn, string Organization);

/// <summary>
/// Offline IP to autonomous system lookup from npm <c>@ip-location-db/asn</c> (RouteViews, the five RIRs and DB-IP,
/// CC BY 4.0), whose numeric CSVs the build copies next to the application (<c>geo/</c>). npm has no MMDB of it, so
/// the ranges are read once per process into sorted arrays and found by binary search.
/// </summary>
public sealed class AsnDatabase
{
    public const string Ipv4File = "asn-ipv4-num.csv";
    public const string Ipv6File = "asn-ipv6-num.csv";

    // Tests host many apps in one process; the data is the same for all of them, so it is read once.
    private static readonly ConcurrentDictionary<string, Lazy<AsnDatabase>> Opened = new(StringComparer.Ordinal);

    private readonly Ranges<uint> ipv4;
    private readonly Ranges<UInt128> ipv6;

    private AsnDatabase(Ranges<uint> ipv4, Ranges<UInt128> ipv6)
    {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /// <summary>How many ranges were read (IPv4 and IPv6).</summary>
    public int RangeCount => ipv4.Count + ipv6.Count;

    public static AsnDatabase OpenDefault() => Open(Path.Combine(AppContext.BaseDirectory, Geo.IpGeolocator.DefaultDirectory));

    public static AsnDatabase Open(string directory) =>
        Opened.GetOrAdd(Path.GetFullPath(directory), path => new Lazy<AsnDatabase>(() => Read(path))).Value;

    /// <summary>The network of a stored address (<c>login_logs.ip_address</c>); null when unparsable or not announced.</summary>
    public NetworkOwner? Find(string? ipAddress) => IPAddress.TryParse(ipAddress, out var address) ? Find(address) : null;

    public NetworkOwner? Find(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return null;
        }

        return address.AddressFamily == AddressFamily.InterNetwork
            ? ipv4.Find(BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]))
            : ipv6.Find(BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]));
    }

    private static AsnDatabase Read(string directory)
    {
        var organizations = new Dictionary<string, NetworkOwner>(StringComparer.Ordinal);
        return new AsnDatabase(
            ReadRanges(Path.Combine(directory, Ipv4File), organizations, text => uint.Parse(text, CultureInfo.InvariantCulture)),
            ReadRanges(Path.Combine(directory, Ipv6File), organizations, text => UInt128.Parse(text, CultureInfo.InvariantCulture)));
    }

    /// <summary>Lines <c>start,end,asn,organisation</c> (the organisation quoted when it holds a comma), sorted by start.</summary>
    private static Ranges<T> ReadRanges<T>(string path, Dictionary<string, NetworkOwner> owners, Func<string, T> parse)
        where T : struct, IComparable<T>
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The ASN database {path} is missing. The build copies it from npm (@ip-location-db/asn, see LoginAudit.Data/Networks/AsnData.targets): build again, or copy the geo folder next to the application.",
                path);
        }

        var starts = new List<T>(500_000);
        var ends = new List<T>(500_000);
        var found = new List<NetworkOwner>(500_000);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var first = line.IndexOf(',');
            var second = first < 0 ? -1 : line.IndexOf(',', first + 1);
            var third = second < 0 ? -1 : line.IndexOf(',', second + 1);
            if (third < 0 || !uint.TryParse(line.AsSpan(second + 1, third - second - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: expected start,end,asn,organisation.");
            }

            // Numbers past int's range are private-use and reserved ones (4200000000 and up): no network to name.
            if (number > int.MaxValue)
            {
                continue;
            }

            var asn = (int)number;
            var organization = Unquote(line[(third + 1)..]);
            var key = string.Concat(asn.ToString(CultureInfo.InvariantCulture), "|", organization);
            if (!owners.TryGetValue(key, out var owner))
            {
                owners[key] = owner = new NetworkOwner(asn, organization);
            }

            starts.Add(parse(line[..first]));
            ends.Add(parse(line[(first + 1)..second]));
            found.Add(owner);
        }

        return new Ranges<T>([.. starts], [.. ends], [.. found]);
    }

    private static string Unquote(string field) =>
        field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : field;

    private sealed class Ranges<T>(T[] starts, T[] ends, NetworkOwner[] owners)
        where T : struct, IComparable<T>
    {
        public int Count => starts.Length;

        public NetworkOwner? Find(T address)
        {
            var index = Array.BinarySearch(starts, address);
            if (index < 0)
            {
                // The range starting just below the address, if any.
                index = ~index - 1;
            }

            return index >= 0 && address.CompareTo(ends[index]) <= 0 ? owners[index] : null;
        }
    }
}
