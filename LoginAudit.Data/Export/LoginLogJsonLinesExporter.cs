using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Export;

/// <summary>
/// Writes the login history as JSON lines, one object a row, in one of the JSON formats (<see cref="ExportFormat.Jsonl"/>,
/// <see cref="ExportFormat.Ocsf"/>, <see cref="ExportFormat.Ecs"/>), streaming rows as they come: the same rows as the CSV.
/// </summary>
public sealed class LoginLogJsonLinesExporter(IDbContextFactory<LoginAuditDbContext> contextFactory, AuditWindows windows)
{
    public const string ContentType = "application/jsonl";

    /// <summary>Writes UTF-8 JSON lines to <paramref name="stream"/> (left open); returns the number of rows.</summary>
    public async Task<int> WriteAsync(
        LoginHistoryFilter filter, Stream stream, ExportFormat format = ExportFormat.Jsonl, LoginHistorySort? sort = null, CancellationToken cancellationToken = default)
    {
        await using var writer = ExportedRows.Utf8Writer(stream);
        return await WriteAsync(filter, writer, format, sort, cancellationToken);
    }

    /// <summary>Writes JSON lines to <paramref name="writer"/> (left open, flushed); returns the number of rows.</summary>
    public async Task<int> WriteAsync(
        LoginHistoryFilter filter, TextWriter writer, ExportFormat format = ExportFormat.Jsonl, LoginHistorySort? sort = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var write = JsonRows.Writer(format);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = ExportedRows.Select(db, filter, windows.Current(), sort, withSeals: JsonRows.CarriesSeals(format));

        // One line at a time: encoded into a reused buffer, then handed to the writer.
        var line = new ArrayBufferWriter<byte>(4096);
        await using var json = new Utf8JsonWriter(line, JsonRows.Options);
        var count = 0;
        await foreach (var log in rows.WithCancellation(cancellationToken))
        {
            line.ResetWrittenCount();
            json.Reset(line);
            write(json, log);
            json.Flush();
            await writer.WriteLineAsync(Encoding.UTF8.GetString(line.WrittenSpan).AsMemory(), cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }
}

/// <summary>The JSON formats' one-row writers, and the encoding every JSON line is written with.</summary>
public static class JsonRows
{
    /// <summary>
    /// The default encoder escapes <c>&lt; &gt; &amp; '</c> and every non-ASCII character, so a line is inert if it is
    /// ever pasted into HTML, and a user agent with bidirectional overrides cannot disguise a line in a terminal.
    /// </summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>Whether <paramref name="format"/>'s rows carry the chain position and hash (<see cref="LoginAuditFields"/>).</summary>
    public static bool CarriesSeals(ExportFormat format) => format is ExportFormat.Ocsf or ExportFormat.Ecs;

    public static Action<Utf8JsonWriter, LoginLog> Writer(ExportFormat format) => format switch
    {
        ExportFormat.Jsonl => LoginLogJsonRow.Write,
        ExportFormat.Ocsf => OcsfAuthenticationEvent.Write,
        ExportFormat.Ecs => EcsDocument.Write,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "CSV is not a JSON format."),
    };
}
