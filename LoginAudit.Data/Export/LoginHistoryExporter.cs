using System.Globalization;
using LoginAudit.Data.History;

namespace LoginAudit.Data.Export;

/// <summary>
/// The one entry of the <c>export</c> command and the dashboard's download: the rows a filter selects, in any
/// <see cref="ExportFormat"/>. Every format reads through <see cref="ExportedRows.Select"/>, so the same filter gives the
/// same rows, in the same order, in each.
/// </summary>
public sealed class LoginHistoryExporter(LoginLogCsvExporter csv, LoginLogJsonLinesExporter jsonLines, TimeProvider clock)
{
    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? LoginLogCsvExporter.ContentType : LoginLogJsonLinesExporter.ContentType;

    /// <summary>A file name such as <c>login-history-20261121-104905.csv</c> or <c>…-104905.ocsf.jsonl</c> for a download.</summary>
    public string SuggestFileName(ExportFormat format) =>
        $"login-history-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.{format.Extension()}";

    /// <summary>Writes UTF-8 to <paramref name="stream"/> (left open); returns the number of rows.</summary>
    public Task<int> WriteAsync(
        ExportFormat format, LoginHistoryFilter filter, Stream stream, LoginHistorySort? sort = null, CancellationToken cancellationToken = default) =>
        format == ExportFormat.Csv
            ? csv.WriteAsync(filter, stream, sort, cancellationToken)
            : jsonLines.WriteAsync(filter, stream, format, sort, cancellationToken);

    /// <summary>Writes to <paramref name="writer"/> (left open, flushed); returns the number of rows.</summary>
    public Task<int> WriteAsync(
        ExportFormat format, LoginHistoryFilter filter, TextWriter writer, LoginHistorySort? sort = null, CancellationToken cancellationToken = default) =>
        format == ExportFormat.Csv
            ? csv.WriteAsync(filter, writer, sort, cancellationToken)
            : jsonLines.WriteAsync(filter, writer, format, sort, cancellationToken);
}
