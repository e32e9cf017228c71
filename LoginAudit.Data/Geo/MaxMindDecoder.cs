using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace LoginAudit.Data.Geo;

/// <summary>
/// Decodes values of the MaxMind DB data format (https://maxmind.github.io/MaxMind-DB/, "Data Section").
/// </summary>
/// <remarks>
/// Values decode to <see cref="string"/>, <see cref="double"/>, <see cref="float"/>, <see cref="ulong"/>
/// (uint16/32/64), <see cref="int"/>, <see cref="BigInteger"/> (uint128), <see cref="bool"/>, <c>byte[]</c>,
/// <see cref="Dictionary{TKey,TValue}"/> of string keys (map) and <see cref="List{T}"/> (array). Offsets and
/// pointers are relative to <paramref name="section"/>: the data section, or the metadata for the metadata map.
/// </remarks>
internal static class MaxMindDecoder
{
    private const int PointerType = 1;
    private const int ExtendedType = 0;

    public static object Decode(ReadOnlySpan<byte> section, ref int offset)
    {
        var control = section[offset++];
        var type = control >> 5;
        if (type == PointerType)
        {
            // The value lives elsewhere; decoding continues after the pointer, not after its target.
            var target = ReadPointer(section, control, ref offset);
            return Decode(section, ref target);
        }

        if (type == ExtendedType)
        {
            type = 7 + section[offset++];
        }

        var size = ReadSize(section, control & 0x1f, ref offset);
        switch (type)
        {
            case 2:
                var text = Encoding.UTF8.GetString(section.Slice(offset, size));
                offset += size;
                return text;
            case 3:
                ExpectSize(type, size, 8);
                var number = BinaryPrimitives.ReadDoubleBigEndian(section.Slice(offset, 8));
                offset += 8;
                return number;
            case 4:
                var bytes = section.Slice(offset, size).ToArray();
                offset += size;
                return bytes;
            case 5 or 6 or 9:
                ExpectAtMost(type, size, type switch { 5 => 2, 6 => 4, _ => 8 });
                return ReadUnsigned(section, size, ref offset);
            case 7:
                var map = new Dictionary<string, object>(size, StringComparer.Ordinal);
                for (var entry = 0; entry < size; entry++)
                {
                    var key = Decode(section, ref offset) as string
                        ?? throw new InvalidDataException("A MaxMind DB map key is not a string.");
                    map[key] = Decode(section, ref offset);
                }

                return map;
            case 8:
                ExpectAtMost(type, size, 4);
                // Fewer than four bytes are the low bytes of a positive value; four are two's complement.
                return unchecked((int)(uint)ReadUnsigned(section, size, ref offset));
            case 10:
                ExpectAtMost(type, size, 16);
                var big = new BigInteger(section.Slice(offset, size), isUnsigned: true, isBigEndian: true);
                offset += size;
                return big;
            case 11:
                var array = new List<object>(size);
                for (var item = 0; item < size; item++)
                {
                    array.Add(Decode(section, ref offset));
                }

                return array;
            case 14:
                // A boolean is its size field; no payload follows.
                return size != 0;
            case 15:
                ExpectSize(type, size, 4);
                var single = BinaryPrimitives.ReadSingleBigEndian(section.Slice(offset, 4));
                offset += 4;
                return single;
            default:
                throw new InvalidDataException($"The MaxMind DB data type {type} is not supported.");
        }
    }

    private static int ReadPointer(ReadOnlySpan<byte> section, byte control, ref int offset)
    {
        var sizeBits = (control >> 3) & 0x3;
        var high = control & 0x7;
        var pointer = sizeBits switch
        {
            0 => (high << 8) | section[offset],
            1 => ((high << 16) | (section[offset] << 8) | section[offset + 1]) + 2048,
            2 => ((high << 24) | (section[offset] << 16) | (section[offset + 1] << 8) | section[offset + 2]) + 526336,
            _ => checked((int)BinaryPrimitives.ReadUInt32BigEndian(section.Slice(offset, 4))),
        };
        offset += sizeBits + 1;
        return pointer;
    }

    private static int ReadSize(ReadOnlySpan<byte> section, int size, ref int offset)
    {
        switch (size)
        {
            case < 29:
                return size;
            case 29:
                return 29 + section[offset++];
            case 30:
                var two = 285 + ((section[offset] << 8) | section[offset + 1]);
                offset += 2;
                return two;
            default:
                var three = 65821 + ((section[offset] << 16) | (section[offset + 1] << 8) | section[offset + 2]);
                offset += 3;
                return three;
        }
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> section, int size, ref int offset)
    {
        ulong value = 0;
        for (var index = 0; index < size; index++)
        {
            value = (value << 8) | section[offset + index];
        }

        offset += size;
        return value;
    }

    private static void ExpectSize(int type, int size, int expected)
    {
        if (size != expected)
        {
            throw new InvalidDataException($"A MaxMind DB value of type {type} has {size} bytes instead of {expected}.");
        }
    }

    private static void ExpectAtMost(int type, int size, int most)
    {
        if (size > most)
        {
            throw new InvalidDataException($"A MaxMind DB value of type {type} has {size} bytes, more than {most}.");
        }
    }
}
