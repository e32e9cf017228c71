using System.Globalization;
using System.Text;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Data.Integrity;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Export;

/// <summary>What every export format shares: the rows they stream, the time format, the output encoding.</summary>
internal static class ExportedRows
{
    /// <summary>ISO 8601 UTC, for example <c>2026-11-21T10:49:05.1234567Z</c>.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>A stored UTC time in <see cref="TimeFormat"/>.</summary>
    public static string Time(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Exactly the rows the filter selects, in order, read one by one; with their seals (<see cref="LoginLog.Seal"/>) when
    /// the format carries them. Untracked: a tracked stream would keep every exported row in the context, and a
    /// million-row export would hold a million rows in memory.
    /// </summary>
    public static IAsyncEnumerable<LoginLog> Select(LoginAuditDbContext db, LoginHistoryFilter filter, AuditWindow window, LoginHistorySort? sort, bool withSeals = false)
    {
        var rows = LoginHistoryQuery.Apply(db, filter, window)
            .OrderBy(sort ?? LoginHistorySort.NewestFirst)
            .AsNoTracking();
        return withSeals ? rows.WithSeals(db) : rows.AsAsyncEnumerable();
    }

    /// <summary>A buffered UTF-8 writer without a byte-order mark that leaves <paramref name="stream"/> open.</summary>
    public static StreamWriter Utf8Writer(Stream stream) =>
        new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
}
