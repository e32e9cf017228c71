using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using System.Data.Common;

namespace LoginAudit.Data.Integrity;

/// <summary>
/// Version 1 of the canonical serialization that a <c>login_logs</c> row's <c>chain_hash</c> is computed over
/// (see README, "Tamper evidence"). Changing anything here is a new version: old rows must keep verifying.
/// </summary>
/// <remarks>
/// <para>
/// <c>chain_hash = SHA-256(record)</c>, where record is a sequence of fields, each written as a netstring
/// <c>&lt;UTF-8 byte length&gt;:&lt;UTF-8 bytes&gt;,</c>, or <c>~,</c> for SQL NULL. The fields, in this order:
/// the version tag <c>loginaudit-chain-v1</c>, <c>chain_seq</c>, <c>previous_hash</c> (64 lowercase hex digits),
/// then the columns of <see cref="HashedColumns"/>. Integers (including the 0/1 flags) are written in decimal,
/// text exactly as stored, <c>created_at</c> as <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> (UTC), <c>latitude</c> and
/// <c>longitude</c> as the shortest invariant decimal that round-trips (.NET's "R").
/// </para>
/// <para>
/// <c>user_id</c> is deliberately left out: the database itself sets it to NULL when an account is deleted
/// (ON DELETE SET NULL), which would otherwise break the chain. The person stays covered by <c>user_name</c>.
/// </para>
/// </remarks>
public static class ChainCanonicalForm
{
    public const string Version = "loginaudit-chain-v1";

    public const int HashLength = 32;

    /// <summary>The covered columns in serialization order; <c>id</c> first, so moving a row to another id is detected.</summary>
    public static readonly IReadOnlyList<string> HashedColumns =
    [
        "id", "user_name", "event_type", "succeeded", "failure_reason", "error_code", "sign_in_method", "ip_address",
        "user_agent", "browser", "browser_version", "os", "os_version", "device_type", "device_brand", "device_model",
        "is_bot", "location", "suspicious", "session_id", "created_at", "country_code", "city", "latitude", "longitude",
        "suspicious_reasons",
    ];

    /// <summary>The previous hash of the first row ever sealed.</summary>
    public static ReadOnlySpan<byte> GenesisHash => new byte[HashLength];

    /// <summary>
    /// Selects, from <see cref="SealedRows"/>, the covered columns (ordinals 0 to 25), then <c>chain_seq</c>,
    /// <c>previous_hash</c>, <c>chain_hash</c> (26 to 28), NULL for a row not sealed yet.
    /// </summary>
    internal static readonly string SelectList = string.Join(", ", HashedColumns) + ", seal.chain_seq, seal.previous_hash, seal.chain_hash";

    /// <summary>Selects only the covered columns, from <c>login_logs</c> alone: a record read from it has no seal.</summary>
    internal static readonly string HashedSelectList = string.Join(", ", HashedColumns);

    /// <summary>The rows of <paramref name="table"/> (<c>login_logs</c> or one of its partitions) beside their seals, if any, as <c>seal</c>.</summary>
    internal static string SealedRows(string table = "login_logs") => $"{table} LEFT JOIN {LoginLogSealConfiguration.TableName} seal ON seal.login_log_id = id";

    internal const int SeqOrdinal = 26;
    internal const int PreviousHashOrdinal = 27;
    internal const int ChainHashOrdinal = 28;

    private static readonly byte[] IntegerColumns = [0, 3, 16, 18];
    private const int CreatedAtOrdinal = 20;
    private const int LatitudeOrdinal = 23;
    private const int LongitudeOrdinal = 24;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>
    /// Whether the column at <paramref name="ordinal"/> is written as text, as it is stored (not a number, flag or time):
    /// there a TEXT value may be handed to <see cref="Hash"/> as its stored UTF-8 bytes instead of a string, to the same hash.
    /// </summary>
    internal static bool IsPlainText(int ordinal) =>
        ordinal < HashedColumns.Count && Array.IndexOf(IntegerColumns, (byte)ordinal) < 0 && ordinal is not (LatitudeOrdinal or LongitudeOrdinal or CreatedAtOrdinal);

    /// <summary>
    /// The row under <paramref name="reader"/> (selected with <see cref="SelectList"/> or <see cref="HashedSelectList"/>) as
    /// stored, NULL as null; the columns marked in <paramref name="utf8Text"/> (see <see cref="Utf8TextColumns"/>) as their
    /// UTF-8 bytes instead of strings, which hash alike.
    /// </summary>
    internal static object?[] ReadRecord(DbDataReader reader, bool[]? utf8Text = null)
    {
        var record = new object?[ChainHashOrdinal + 1];
        for (var ordinal = 0; ordinal < reader.FieldCount; ordinal++)
        {
            if (utf8Text is not null && utf8Text[ordinal])
            {
                record[ordinal] = reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);
                continue;
            }

            var value = reader.GetValue(ordinal);
            record[ordinal] = value is DBNull ? null : value;
        }

        return record;
    }

    /// <summary>
    /// The plain-text columns (<see cref="IsPlainText"/>) of a reader whose columns keep one type for every row
    /// (PostgreSQL's; not SQLite's, where each value has its own storage class) that it can read as UTF-8 bytes: Npgsql
    /// hands over a text value's bytes as received, saving a string and its encoding again for the hash.
    /// </summary>
    internal static bool[] Utf8TextColumns(DbDataReader reader) =>
        [.. Enumerable.Range(0, reader.FieldCount).Select(ordinal => IsPlainText(ordinal) && reader.GetFieldType(ordinal) == typeof(string))];

    /// <summary>Computes the hash of a record read by <see cref="ReadRecord"/>.</summary>
    internal static void Hash(ReadOnlySpan<object?> record, long seq, ReadOnlySpan<byte> previousHash, RecordBuffer buffer, Span<byte> destination)
    {
        buffer.Reset();
        buffer.WriteText(Version);
        buffer.WriteInteger(seq);
        Span<char> hex = stackalloc char[HashLength * 2];
        Span<char> time = stackalloc char[28];
        Span<char> number = stackalloc char[32];
        Convert.TryToHexStringLower(previousHash, hex, out _);
        buffer.WriteText(hex);
        for (var ordinal = 0; ordinal < HashedColumns.Count; ordinal++)
        {
            var value = record[ordinal];
            if (value is null)
            {
                buffer.WriteNull();
            }
            else if (Array.IndexOf(IntegerColumns, (byte)ordinal) >= 0)
            {
                buffer.WriteInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            }
            else if (ordinal is LatitudeOrdinal or LongitudeOrdinal)
            {
                // The shortest text that reads back as the same double ("52.52", "-0.1276"; "1E-05" style for tiny values).
                Convert.ToDouble(value, CultureInfo.InvariantCulture).TryFormat(number, out var written, "R", CultureInfo.InvariantCulture);
                buffer.WriteText(number[..written]);
            }
            else if (ordinal == CreatedAtOrdinal)
            {
                buffer.WriteText(value is DateTime stored ? CanonicalTime(stored, time) : CanonicalTime(Text(value), time));
            }
            else if (value is byte[] utf8 && Utf8.IsValid(utf8))
            {
                // What Text makes of these bytes, written back as UTF-8, is these very bytes: well-formed UTF-8 survives
                // the round trip through a string unchanged, so it is copied without one. Anything else (U+FFFD for each
                // ill-formed sequence) takes the round trip.
                buffer.WriteUtf8(utf8);
            }
            else
            {
                buffer.WriteText(Text(value));
            }
        }

        SHA256.HashData(buffer.Written, destination);
    }

    /// <summary>
    /// Text as SQLite gives it for any stored value (a number in a text column reads as its digits; bytes, a BLOB or a TEXT
    /// value as stored, read as UTF-8); PostgreSQL's <c>inet</c> arrives as an <see cref="System.Net.IPAddress"/>, whose
    /// text is what SQLite stores for it.
    /// </summary>
    private static string Text(object value) => value switch
    {
        string text => text,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A <c>timestamptz</c> (PostgreSQL), read as a UTC <see cref="DateTime"/>, in the canonical form.</summary>
    private static ReadOnlySpan<char> CanonicalTime(DateTime stored, Span<char> destination)
    {
        DateTime.SpecifyKind(stored, DateTimeKind.Utc).TryFormat(destination, out var written, TimeFormat, CultureInfo.InvariantCulture);
        return destination[..written];
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> for a stored time. What EF and Microsoft.Data.Sqlite store
    /// (<c>yyyy-MM-dd HH:mm:ss</c>, then a dot and one to seven fraction digits unless zero) is rewritten
    /// character by character, which keeps verifying a million rows fast; anything else is parsed.
    /// </summary>
    private static ReadOnlySpan<char> CanonicalTime(string stored, Span<char> destination)
    {
        if (stored.Length is 19 or (>= 21 and <= 27) && stored[10] == ' ' && (stored.Length == 19 || stored[19] == '.'))
        {
            stored.AsSpan(0, 10).CopyTo(destination);
            destination[10] = 'T';
            stored.AsSpan(11, 8).CopyTo(destination[11..]);
            destination[19] = '.';
            var fraction = stored.Length == 19 ? ReadOnlySpan<char>.Empty : stored.AsSpan(20);
            fraction.CopyTo(destination[20..]);
            destination[(20 + fraction.Length)..27].Fill('0');
            destination[27] = 'Z';
            return destination[..28];
        }

        var parsed = DateTime.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        parsed.TryFormat(destination, out var written, TimeFormat, CultureInfo.InvariantCulture);
        return destination[..written];
    }

    /// <summary>A reusable byte buffer for one record; a sealer or verifier keeps one, so hashing a row allocates nothing.</summary>
    internal sealed class RecordBuffer
    {
        private byte[] bytes = new byte[4096];
        private int length;

        public ReadOnlySpan<byte> Written => bytes.AsSpan(0, length);

        public void Reset() => length = 0;

        public void WriteNull()
        {
            Ensure(2);
            bytes[length++] = (byte)'~';
            bytes[length++] = (byte)',';
        }

        public void WriteInteger(long value)
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(value, digits, out var count);
            WriteUtf8(digits[..count]);
        }

        public void WriteText(ReadOnlySpan<char> value)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            WritePrefix(count);
            Ensure(count + 1);
            length += Encoding.UTF8.GetBytes(value, bytes.AsSpan(length));
            bytes[length++] = (byte)',';
        }

        /// <summary>Text already encoded as UTF-8.</summary>
        public void WriteUtf8(ReadOnlySpan<byte> value)
        {
            WritePrefix(value.Length);
            Ensure(value.Length + 1);
            value.CopyTo(bytes.AsSpan(length));
            length += value.Length;
            bytes[length++] = (byte)',';
        }

        private void WritePrefix(int count)
        {
            Ensure(12);
            Utf8Formatter.TryFormat(count, bytes.AsSpan(length), out var written);
            length += written;
            bytes[length++] = (byte)':';
        }

        private void Ensure(int more)
        {
            if (length + more > bytes.Length)
            {
                Array.Resize(ref bytes, Math.Max(bytes.Length * 2, length + more));
            }
        }
    }
}
