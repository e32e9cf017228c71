using System.IO.MemoryMappedFiles;
using System.Net;
using System.Net.Sockets;

namespace LoginAudit.Data.Geo;

/// <summary>
/// A read-only MaxMind DB file (https://maxmind.github.io/MaxMind-DB/): metadata, the binary search tree
/// over address bits, and the data section. MaxMind's own .NET reader is not available here, and the
/// format is small: this reads what a lookup needs and nothing else.
/// </summary>
/// <remarks>
/// The file is memory-mapped, not read into the managed heap: the city database is tens of megabytes,
/// the operating system shares its pages between processes, and a lookup touches only a few of them.
/// </remarks>
internal sealed unsafe class MaxMindDatabase : IDisposable
{
    private static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    /// <summary>The metadata is in the last 128 KiB of the file, by the specification.</summary>
    private const int MetadataSearchWindow = 128 * 1024;

    private const int DataSectionSeparator = 16;

    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly byte* start;
    private readonly int length;
    private readonly int nodeCount;
    private readonly int recordSize;
    private readonly int dataSectionStart;
    private readonly int ipv4StartNode;

    private MaxMindDatabase(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        this.file = file;
        this.view = view;
        this.length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        start = pointer + view.PointerOffset;

        var bytes = Bytes;
        var marker = bytes[Math.Max(0, length - MetadataSearchWindow)..].LastIndexOf(MetadataMarker);
        if (marker < 0)
        {
            throw new InvalidDataException("The file is not a MaxMind DB: no metadata marker in its last 128 KiB.");
        }

        var metadataStart = Math.Max(0, length - MetadataSearchWindow) + marker + MetadataMarker.Length;
        var offset = 0;
        Metadata = MaxMindMetadata.From(MaxMindDecoder.Decode(bytes[metadataStart..], ref offset));

        nodeCount = checked((int)Metadata.NodeCount);
        recordSize = Metadata.RecordSize is 24 or 28 or 32
            ? Metadata.RecordSize
            : throw new InvalidDataException($"A MaxMind DB record size of {Metadata.RecordSize} bits is not supported (24, 28 or 32).");
        dataSectionStart = checked((recordSize * 2 / 8 * nodeCount) + DataSectionSeparator);

        // In an IPv6 tree, IPv4 addresses live under ::/96; finding that node once saves 96 steps a lookup.
        ipv4StartNode = 0;
        if (Metadata.IpVersion == 6)
        {
            for (var bit = 0; bit < 96 && ipv4StartNode < nodeCount; bit++)
            {
                ipv4StartNode = ReadRecord(ipv4StartNode, 0);
            }
        }
    }

    public MaxMindMetadata Metadata { get; }

    private ReadOnlySpan<byte> Bytes => new(start, length);

    public static MaxMindDatabase Open(string path)
    {
        var size = new FileInfo(path).Length;
        if (size is 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"The MaxMind DB file {path} is empty or larger than 2 GiB.");
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            try
            {
                return new MaxMindDatabase(file, view, (int)size);
            }
            catch
            {
                view.Dispose();
                throw;
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The record stored for <paramref name="address"/>, or null when the database has none. An IPv6
    /// address cannot be looked up in an IPv4-only database (null).
    /// </summary>
    public object? Find(IPAddress address) => FindDataOffset(address) is var offset and >= 0 ? ReadData(offset) : null;

    /// <summary>The data-section offset of the record for <paramref name="address"/>, or -1 when none.</summary>
    public int FindDataOffset(IPAddress address)
    {
        Span<byte> bits = stackalloc byte[16];
        if (!address.TryWriteBytes(bits, out var written))
        {
            return -1;
        }

        var node = 0;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            node = ipv4StartNode;
        }
        else if (Metadata.IpVersion == 4)
        {
            return -1;
        }

        var bitCount = written * 8;
        for (var bit = 0; bit < bitCount && node < nodeCount; bit++)
        {
            node = ReadRecord(node, (bits[bit >> 3] >> (7 - (bit & 7))) & 1);
        }

        // Equal to the node count: no data. Greater: a pointer into the data section. Smaller: a malformed tree.
        return node > nodeCount ? node - nodeCount - DataSectionSeparator : -1;
    }

    public object ReadData(int offset)
    {
        var dataSection = Bytes[dataSectionStart..];
        return MaxMindDecoder.Decode(dataSection, ref offset);
    }

    private int ReadRecord(int node, int right)
    {
        var bytes = Bytes;
        switch (recordSize)
        {
            case 24:
                var at24 = (node * 6) + (right * 3);
                return (bytes[at24] << 16) | (bytes[at24 + 1] << 8) | bytes[at24 + 2];
            case 28:
                // Two 28-bit records share the middle byte: its high nibble belongs to the left one.
                var at28 = node * 7;
                return right == 0
                    ? ((bytes[at28 + 3] & 0xF0) << 20) | (bytes[at28] << 16) | (bytes[at28 + 1] << 8) | bytes[at28 + 2]
                    : ((bytes[at28 + 3] & 0x0F) << 24) | (bytes[at28 + 4] << 16) | (bytes[at28 + 5] << 8) | bytes[at28 + 6];
            default:
                var at32 = (node * 8) + (right * 4);
                return checked((int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(at32, 4)));
        }
    }

    public void Dispose()
    {
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file.Dispose();
    }
}

/// <summary>The metadata map of a MaxMind DB file: what it is, how its tree is laid out, when it was built.</summary>
internal sealed record MaxMindMetadata(
    string DatabaseType,
    int IpVersion,
    long NodeCount,
    int RecordSize,
    DateTimeOffset BuiltAt,
    int BinaryFormatMajorVersion)
{
    public static MaxMindMetadata From(object decoded)
    {
        if (decoded is not Dictionary<string, object> map)
        {
            throw new InvalidDataException("The MaxMind DB metadata is not a map.");
        }

        var major = (int)Unsigned(map, "binary_format_major_version");
        if (major != 2)
        {
            throw new InvalidDataException($"MaxMind DB format version {major} is not supported (2).");
        }

        return new MaxMindMetadata(
            map.TryGetValue("database_type", out var type) ? (string)type : "",
            (int)Unsigned(map, "ip_version"),
            (long)Unsigned(map, "node_count"),
            (int)Unsigned(map, "record_size"),
            DateTimeOffset.FromUnixTimeSeconds((long)Unsigned(map, "build_epoch")),
            major);
    }

    private static ulong Unsigned(Dictionary<string, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is ulong number
            ? number
            : throw new InvalidDataException($"The MaxMind DB metadata has no unsigned '{key}'.");
}
