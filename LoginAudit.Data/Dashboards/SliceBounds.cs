using System.Text.Json;

namespace LoginAudit.Data.Dashboards;

/// <summary>
/// Time slices' UTC bounds passed to one statement as a single JSON parameter (<c>@bounds</c>, an array of [from, to]
/// pairs), and the SQL that reads them back as a row source named <c>slice</c>: one statement for any number of slices.
/// </summary>
internal sealed record SliceBounds(string Source, string Index, string From, string To)
{
    private static readonly SliceBounds OnSqlite = new(
        "json_each(@bounds) AS slice", "CAST(slice.key AS INTEGER)", "json_extract(slice.value, '$[0]')", "json_extract(slice.value, '$[1]')");

    private static readonly SliceBounds OnPostgreSql = new(
        "json_array_elements(CAST(@bounds AS json)) WITH ORDINALITY AS slice(value, position)",
        "CAST(slice.position - 1 AS integer)",
        "CAST(slice.value ->> 0 AS timestamptz)",
        "CAST(slice.value ->> 1 AS timestamptz)");

    /// <summary>The SQL of <paramref name="dialect"/>: <see cref="Source"/> for a FROM clause, and over it each slice's position in the array and bounds.</summary>
    public static SliceBounds For(SqlDialect dialect) => dialect == SqlDialect.PostgreSql ? OnPostgreSql : OnSqlite;

    /// <summary>The value of <c>@bounds</c>: on SQLite the times as Microsoft.Data.Sqlite stores a DateTime, so that text comparison is time order.</summary>
    public static string Json(SqlDialect dialect, IEnumerable<(DateTime From, DateTime To)> bounds) =>
        dialect == SqlDialect.PostgreSql
            ? JsonSerializer.Serialize(bounds.Select(slice => new[] { slice.From, slice.To }))
            : JsonSerializer.Serialize(bounds.Select(slice => new[] { UtcDateTime.SqliteText(slice.From), UtcDateTime.SqliteText(slice.To) }));
}
