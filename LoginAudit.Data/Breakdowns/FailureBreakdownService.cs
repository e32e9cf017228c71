using System.Globalization;
using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Breakdowns;

/// <summary>
/// Why, who, where and when sign-ins fail over a <see cref="DashboardRange"/>, aggregated in SQLite (see
/// docs/query-plans.md). The GROUP BY breakdowns read only the partial covering index <c>ix_login_logs_failures</c>,
/// named with INDEXED BY: without statistics the planner preferred <c>ix_login_logs_event_type_created_at</c> (an
/// equality on event_type looks better) and then read every failure's table row. The time series count index ranges.
/// </summary>
public sealed class FailureBreakdownService(IDbContextFactory<LoginAuditDbContext> contextFactory)
{
    public const int DefaultTop = 10;

    public async Task<IReadOnlyList<FailureReasonCount>> GetByReasonAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<KeyCountRow>($"""
            SELECT failure_reason AS "Key", COUNT(*) AS "Count"
            FROM login_logs INDEXED BY ix_login_logs_failures
            WHERE event_type IN ('SignInFailed', 'LockedOut') AND created_at >= {range.From} AND created_at < {range.To}
            GROUP BY failure_reason
            ORDER BY "Count" DESC, "Key"
            """).ToListAsync(cancellationToken);
        return rows
            .Select(row => new FailureReasonCount(Enum.TryParse<LoginFailureReason>(row.Key, out var reason) ? reason : null, row.Count))
            .ToList();
    }

    /// <summary>The most-failed user names, unknown names included (and flagged), most failures first.</summary>
    public async Task<IReadOnlyList<FailingUserNameCount>> GetByUserNameAsync(
        DashboardRange range, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<UserNameRow>($"""
            SELECT user_name AS "UserName", MAX(user_id) AS "UserId", COUNT(*) AS "Count", SUM(user_id IS NULL) AS "UnknownCount"
            FROM login_logs INDEXED BY ix_login_logs_failures
            WHERE event_type IN ('SignInFailed', 'LockedOut') AND created_at >= {range.From} AND created_at < {range.To}
            GROUP BY user_name
            ORDER BY "Count" DESC, "UserName"
            LIMIT {top}
            """).ToListAsync(cancellationToken);
        return rows.Select(row => new FailingUserNameCount(row.UserName, row.UserId, row.UnknownCount == row.Count, row.Count)).ToList();
    }

    public async Task<IReadOnlyList<FailingIpCount>> GetByIpAsync(
        DashboardRange range, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<IpRow>($"""
            SELECT ip_address AS "IpAddress", COUNT(*) AS "Count", COUNT(DISTINCT user_name) AS "DistinctUserNames"
            FROM login_logs INDEXED BY ix_login_logs_failures
            WHERE event_type IN ('SignInFailed', 'LockedOut') AND created_at >= {range.From} AND created_at < {range.To}
            GROUP BY ip_address
            ORDER BY "Count" DESC, "IpAddress"
            LIMIT {top}
            """).ToListAsync(cancellationToken);
        return rows.Select(row => new FailingIpCount(row.IpAddress, row.Count, row.DistinctUserNames)).ToList();
    }

    /// <summary>The top values of device type, browser or OS among failures.</summary>
    public async Task<IReadOnlyList<LabelCount>> GetByLabelAsync(
        DashboardRange range, FailureLabel label, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // A column name cannot be a parameter; it comes from this closed switch, never from input.
        var column = label switch
        {
            FailureLabel.DeviceType => "device_type",
            FailureLabel.Browser => "browser",
            FailureLabel.Os => "os",
            _ => throw new ArgumentOutOfRangeException(nameof(label), label, null),
        };
#pragma warning disable EF1002 // Only the column name is interpolated, and it comes from the switch above; values are parameters.
        var rows = await db.Database.SqlQueryRaw<KeyCountRow>($"""
            SELECT {column} AS "Key", COUNT(*) AS "Count"
            FROM login_logs INDEXED BY ix_login_logs_failures
            WHERE event_type IN ('SignInFailed', 'LockedOut') AND created_at >= @from AND created_at < @to
            GROUP BY {column}
            ORDER BY "Count" DESC, "Key"
            LIMIT @top
            """, Parameter("@from", range.From), Parameter("@to", range.To), Parameter("@top", top)).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        return rows.Select(row => new LabelCount(row.Key, row.Count)).ToList();
    }

    /// <summary>Failures per day of week and hour of day in the viewer's local time; only non-empty cells.</summary>
    public async Task<IReadOnlyList<HeatMapCell>> GetHeatMapAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hours = range.Slices(TimeSpan.FromHours(1));
        var counts = await CountPerSliceAsync(db, hours, cancellationToken);
        return hours
            .Select((hour, index) => (hour.LocalStart.DayOfWeek, hour.LocalStart.Hour, counts[index].Failures))
            .Where(cell => cell.Failures > 0)
            .GroupBy(cell => (cell.DayOfWeek, cell.Hour))
            .Select(cell => new HeatMapCell(cell.Key.DayOfWeek, cell.Key.Hour, cell.Sum(hour => hour.Failures)))
            .OrderBy(cell => cell.DayOfWeek).ThenBy(cell => cell.Hour)
            .ToList();
    }

    /// <summary>
    /// Successes and failures per bucket (hour for ranges up to two days, day otherwise), in the viewer's local time;
    /// every bucket of the range is present, empty ones as zero.
    /// </summary>
    public async Task<IReadOnlyList<OutcomeBucket>> GetOutcomesOverTimeAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var buckets = range.Buckets();
        var counts = await CountPerSliceAsync(db, buckets, cancellationToken);
        return buckets.Select((bucket, index) => new OutcomeBucket(bucket.LocalStart, counts[index].Successes, counts[index].Failures)).ToList();
    }

    /// <summary>
    /// Successes and failures in each slice, as one index range count per slice and outcome.
    /// </summary>
    /// <remarks>
    /// Why not <c>GROUP BY strftime(…)</c>: SQLite aggregates by sorting, so grouping a month (half a million
    /// attempts) by bucket sorted every row and formatted every date (about 0.4 s measured). Counting a range of
    /// <c>ix_login_logs_event_type_created_at</c> only steps through index entries, and the slices (UTC bounds of
    /// the viewer's local hours or days) are computed here, so any UTC offset, whole hour or not, is exact.
    /// </remarks>
    private static async Task<IReadOnlyList<OutcomeRow>> CountPerSliceAsync(
        LoginAuditDbContext db, IReadOnlyList<TimeSlice> slices, CancellationToken cancellationToken)
    {
        var bounds = JsonSerializer.Serialize(slices.Select(slice => new[] { SqliteTime(slice.From), SqliteTime(slice.To) }));
        var rows = await db.Database.SqlQuery<OutcomeRow>($"""
            SELECT CAST(slice.key AS INTEGER) AS "Index",
                   (SELECT COUNT(*) FROM login_logs
                    WHERE event_type = 'SignInSucceeded'
                      AND created_at >= json_extract(slice.value, '$[0]') AND created_at < json_extract(slice.value, '$[1]')) AS "Successes",
                   (SELECT COUNT(*) FROM login_logs
                    WHERE event_type IN ('SignInFailed', 'LockedOut')
                      AND created_at >= json_extract(slice.value, '$[0]') AND created_at < json_extract(slice.value, '$[1]')) AS "Failures"
            FROM json_each({bounds}) AS slice
            """).ToListAsync(cancellationToken);
        return rows.OrderBy(row => row.Index).ToList();
    }

    /// <summary>A time as <c>created_at</c> stores it (Microsoft.Data.Sqlite's DateTime text), so text comparison is time order.</summary>
    private static string SqliteTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static Microsoft.Data.Sqlite.SqliteParameter Parameter(string name, object value) => new(name, value);

    private sealed class KeyCountRow
    {
        public string? Key { get; set; }

        public int Count { get; set; }
    }

    private sealed class UserNameRow
    {
        public string? UserName { get; set; }

        public string? UserId { get; set; }

        public int Count { get; set; }

        public int UnknownCount { get; set; }
    }

    private sealed class IpRow
    {
        public string? IpAddress { get; set; }

        public int Count { get; set; }

        public int DistinctUserNames { get; set; }
    }

    private sealed class OutcomeRow
    {
        public int Index { get; set; }

        public int Successes { get; set; }

        public int Failures { get; set; }
    }
}
