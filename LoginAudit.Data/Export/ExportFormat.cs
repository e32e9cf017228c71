namespace LoginAudit.Data.Export;

/// <summary>
/// How rows leave LoginAudit: the <c>export</c> command's <c>--format</c>, the dashboard download's <c>format</c> parameter
/// and a stream's <c>Format</c> (streams take the JSON formats only). Every format writes exactly the rows a filter selects.
/// </summary>
public enum ExportFormat
{
    /// <summary>Spreadsheet-safe CSV, the <c>login_logs</c> column names as header (<see cref="LoginLogCsvExporter"/>).</summary>
    Csv,

    /// <summary>JSON lines with the <c>login_logs</c> column names as keys (<see cref="LoginLogJsonRow"/>).</summary>
    Jsonl,

    /// <summary>OCSF Authentication events, class 3002 (<see cref="OcsfAuthenticationEvent"/>).</summary>
    Ocsf,

    /// <summary>Elastic Common Schema documents (<see cref="EcsDocument"/>).</summary>
    Ecs,
}

public static class ExportFormats
{
    /// <summary>The names the command line, the download and the configuration accept: csv, jsonl, ocsf, ecs.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ExportFormat>().Select(Name).ToList();

    public static string Name(this ExportFormat format) => format.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out ExportFormat format)
    {
        format = default;
        return name is not null
            && Enum.TryParse(name, ignoreCase: true, out format)
            && Enum.IsDefined(format)
            && !name.Any(char.IsDigit);
    }

    /// <summary>The file name extension of a download.</summary>
    public static string Extension(this ExportFormat format) => format == ExportFormat.Csv ? "csv" : format == ExportFormat.Jsonl ? "jsonl" : $"{format.Name()}.jsonl";
}
