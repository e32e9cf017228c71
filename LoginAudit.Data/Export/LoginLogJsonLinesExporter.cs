using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Export;

/// <summary>
/// Writes the login history as JSON lines (one object a row, the <c>login_logs</c> column names as keys), streaming
/// rows as they come. The same columns and time format as <see cref="LoginLogCsvExporter"/>; flags are JSON booleans.
/// </summary>
/// <remarks>
/// The default encoder escapes <c>&lt; &gt; &amp; '</c> and every non-ASCII character, so a line is inert if it is ever
/// pasted into HTML, and a user agent with bidirectional overrides cannot disguise a line in a terminal.
/// </remarks>
public sealed class LoginLogJsonLinesExporter(IDbContextFactory<LoginAuditDbContext> contextFactory, AuditWindows windows)
{
    public const string ContentType = "application/jsonl";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>Writes UTF-8 JSON lines to <paramref name="stream"/> (left open); returns the number of rows.</summary>
    public async Task<int> WriteAsync(
        LoginHistoryFilter filter, Stream stream, LoginHistorySort? sort = null, CancellationToken cancellationToken = default)
    {
        await using var writer = ExportedRows.Utf8Writer(stream);
        return await WriteAsync(filter, writer, sort, cancellationToken);
    }

    /// <summary>Writes JSON lines to <paramref name="writer"/> (left open, flushed); returns the number of rows.</summary>
    public async Task<int> WriteAsync(
        LoginHistoryFilter filter, TextWriter writer, LoginHistorySort? sort = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = ExportedRows.Select(db, filter, windows.Current(), sort);

        // One line at a time: encoded into a reused buffer, then handed to the writer.
        var line = new ArrayBufferWriter<byte>(4096);
        await using var json = new Utf8JsonWriter(line, Options);
        var count = 0;
        await foreach (var log in rows.WithCancellation(cancellationToken))
        {
            line.ResetWrittenCount();
            json.Reset(line);
            WriteRow(json, log);
            json.Flush();
            await writer.WriteLineAsync(Encoding.UTF8.GetString(line.WrittenSpan).AsMemory(), cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static void WriteRow(Utf8JsonWriter json, LoginLog log)
    {
        json.WriteStartObject();
        json.WriteNumber("id", log.Id);
        json.WriteString("user_id", log.UserId);
        json.WriteString("user_name", log.UserName);
        json.WriteString("event_type", log.EventType.ToString());
        json.WriteBoolean("succeeded", log.Succeeded);
        json.WriteString("failure_reason", log.FailureReason?.ToString());
        json.WriteString("error_code", log.ErrorCode);
        json.WriteString("sign_in_method", log.SignInMethod?.ToString());
        json.WriteString("ip_address", log.IpAddress);
        json.WriteString("user_agent", log.UserAgent);
        json.WriteString("browser", log.Browser);
        json.WriteString("browser_version", log.BrowserVersion);
        json.WriteString("os", log.Os);
        json.WriteString("os_version", log.OsVersion);
        json.WriteString("device_type", log.DeviceType.ToString());
        json.WriteString("device_brand", log.DeviceBrand);
        json.WriteString("device_model", log.DeviceModel);
        json.WriteBoolean("is_bot", log.IsBot);
        json.WriteString("location", log.Location);
        json.WriteBoolean("suspicious", log.Suspicious);
        json.WriteString("session_id", log.SessionId);
        json.WriteString("created_at", DateTime.SpecifyKind(log.CreatedAt, DateTimeKind.Utc).ToString(ExportedRows.TimeFormat, CultureInfo.InvariantCulture));
        json.WriteString("country_code", log.CountryCode);
        json.WriteString("city", log.City);
        WriteNullableNumber(json, "latitude", log.Latitude);
        WriteNullableNumber(json, "longitude", log.Longitude);
        json.WriteString("suspicious_reasons", log.SuspiciousReasons);
        WriteNullableNumber(json, "asn", log.Asn);
        json.WriteString("as_org", log.AsOrg);
        json.WriteString("risk_level", log.RiskLevel.ToString());
        json.WriteString("trace_id", log.TraceId);
        json.WriteEndObject();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
