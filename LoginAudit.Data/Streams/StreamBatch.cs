using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Export;
using LoginAudit.Data.Integrity;

namespace LoginAudit.Data.Streams;

/// <summary>
/// The body of one stream request: a JSON line per row in the stream's format, then one checkpoint record with the
/// chain's head (README, "The chain head record").
/// </summary>
public static class StreamBatch
{
    public const string ContentType = "application/x-ndjson";

    /// <summary>The stream's name, so one receiver can serve several streams.</summary>
    public const string StreamHeader = "X-LoginAudit-Stream";

    /// <summary><c>&lt;first id&gt;-&lt;last id&gt;</c>: a batch repeated after a crash has the same value (and the same rows).</summary>
    public const string BatchHeader = "X-LoginAudit-Batch";

    /// <summary>The one property of the checkpoint record, so a receiver tells it from an event by its first key.</summary>
    public const string CheckpointProperty = "loginaudit_checkpoint";

    public static byte[] Write(string stream, ExportFormat format, IReadOnlyList<LoginLog> rows, (ChainHead Head, long RowId)? head, DateTime sentAtUtc)
    {
        var write = JsonRows.Writer(format);
        var body = new ArrayBufferWriter<byte>(rows.Count * 1024);
        using var json = new Utf8JsonWriter(body, JsonRows.Options);
        foreach (var row in rows)
        {
            write(json, row);
            json.Flush();
            json.Reset();
            body.Write("\n"u8);
        }

        json.WriteStartObject();
        json.WriteStartObject(CheckpointProperty);
        json.WriteString("stream", stream);
        json.WriteString("format", format.Name());
        json.WriteString("sent_at", ExportedRows.Time(sentAtUtc));
        json.WriteStartObject("rows");
        json.WriteNumber("first_id", rows[0].Id);
        json.WriteNumber("last_id", rows[^1].Id);
        json.WriteNumber("count", rows.Count);
        json.WriteEndObject();
        if (head is { } known)
        {
            json.WriteStartObject("chain_head");
            json.WriteNumber("seq", known.Head.Seq);
            json.WriteString("hash", known.Head.Hash);
            json.WriteNumber("row_id", known.RowId);
            json.WriteString("algorithm", "SHA-256");
            json.WriteString("canonical_form", ChainCanonicalForm.Version);
            json.WriteString("expect_head", known.Head.ToString());
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("chain_head");
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        body.Write("\n"u8);
        return body.WrittenSpan.ToArray();
    }

    public static string BatchId(IReadOnlyList<LoginLog> rows) => string.Create(CultureInfo.InvariantCulture, $"{rows[0].Id}-{rows[^1].Id}");
}
