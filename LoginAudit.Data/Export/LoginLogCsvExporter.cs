using System.Globalization;
using CsvHelper;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Export;

/// <summary>
/// Writes exactly the rows a <see cref="LoginHistoryFilter"/> selects as CSV, streamed: rows are read one by one
/// (<c>AsAsyncEnumerable</c>) and written as they come, so a million-row export holds one row in memory.
/// </summary>
/// <remarks>
/// Columns are the <c>login_logs</c> column names; times are ISO 8601 UTC (<c>2026-11-21T10:49:05.1234567Z</c>).
/// Spreadsheet formula injection is neutralised by CsvHelper 34's <see cref="CsvInjection.Escape"/>: a text field
/// starting with <c>= + - @</c>, tab or CR (OWASP's set), or with <c>; , |</c>, a line feed or a space, gets a leading
/// <c>'</c> and is quoted; a text field containing <c>;</c> is quoted as well. Only text fields are written as text here, so the rule covers every user-controlled value;
/// LoginLogCsvExporterTests parse the file back to hold the library to it.
/// </remarks>
public sealed class LoginLogCsvExporter(IDbContextFactory<LoginAuditDbContext> contextFactory, AuditWindows windows)
{
    public const string ContentType = "text/csv";

    public static readonly IReadOnlyList<string> Header =
    [
        "id", "user_id", "user_name", "event_type", "succeeded", "failure_reason", "error_code", "sign_in_method",
        "ip_address", "user_agent", "browser", "browser_version", "os", "os_version", "device_type", "device_brand",
        "device_model", "is_bot", "location", "suspicious", "session_id", "created_at",
        "country_code", "city", "latitude", "longitude", "suspicious_reasons", "asn", "as_org", "risk_level", "trace_id",
    ];

    private static readonly CsvWriterOptions Options = new()
    {
        Injection = CsvInjection.Escape,
        InjectionEscape = '\'',

        // OWASP's set, plus what starts a formula once a spreadsheet splits or trims the cell differently: a locale
        // that separates on ';' (";=1+1" would become an empty cell and "=1+1"), a ',' or '|' (DDE), a line feed, and
        // leading spaces, which some spreadsheets drop before reading the formula.
        InjectionCharacters = "=@+-\t\r\n;,| ",

        // A ';' inside a text field is quoted too, so that a ';'-separating spreadsheet keeps the cell whole.
        ShouldQuote = (field, fieldType, _, _) => fieldType == typeof(string) && field.Contains(';'),
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>Writes UTF-8 CSV to <paramref name="stream"/> (left open); returns the number of data rows.</summary>
    public async Task<int> WriteAsync(
        LoginHistoryFilter filter, Stream stream, LoginHistorySort? sort = null, CancellationToken cancellationToken = default)
    {
        await using var writer = ExportedRows.Utf8Writer(stream);
        return await WriteAsync(filter, writer, sort, cancellationToken);
    }

    /// <summary>Writes CSV to <paramref name="writer"/> (left open, flushed); returns the number of data rows.</summary>
    public async Task<int> WriteAsync(
        LoginHistoryFilter filter, TextWriter writer, LoginHistorySort? sort = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = ExportedRows.Select(db, filter, windows.Current(), sort);

        await using var csv = CsvWriter.Create(writer, Options, leaveOpen: true);
        foreach (var name in Header)
        {
            csv.WriteField(name);
        }

        await csv.EndRecordAsync(cancellationToken);
        var count = 0;
        await foreach (var log in rows.WithCancellation(cancellationToken))
        {
            WriteRow(csv, log);
            await csv.EndRecordAsync(cancellationToken);
            count++;
        }

        await csv.FlushAsync(cancellationToken);
        return count;
    }

    private static void WriteRow(CsvWriter csv, LoginLog log)
    {
        csv.WriteField(log.Id.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(log.UserId);
        csv.WriteField(log.UserName);
        csv.WriteField(log.EventType.ToString());
        csv.WriteField(log.Succeeded ? "true" : "false");
        csv.WriteField(log.FailureReason?.ToString());
        csv.WriteField(log.ErrorCode);
        csv.WriteField(log.SignInMethod?.ToString());
        csv.WriteField(log.IpAddress);
        csv.WriteField(log.UserAgent);
        csv.WriteField(log.Browser);
        csv.WriteField(log.BrowserVersion);
        csv.WriteField(log.Os);
        csv.WriteField(log.OsVersion);
        csv.WriteField(log.DeviceType.ToString());
        csv.WriteField(log.DeviceBrand);
        csv.WriteField(log.DeviceModel);
        csv.WriteField(log.IsBot ? "true" : "false");
        csv.WriteField(log.Location);
        csv.WriteField(log.Suspicious ? "true" : "false");
        csv.WriteField(log.SessionId);
        csv.WriteField(ExportedRows.Time(log.CreatedAt));
        csv.WriteField(log.CountryCode);
        csv.WriteField(log.City);
        csv.WriteField(log.Latitude?.ToString("R", CultureInfo.InvariantCulture));
        csv.WriteField(log.Longitude?.ToString("R", CultureInfo.InvariantCulture));
        csv.WriteField(log.SuspiciousReasons);
        csv.WriteField(log.Asn?.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(log.AsOrg);
        csv.WriteField(log.RiskLevel.ToString());
        csv.WriteField(log.TraceId);
    }
}
