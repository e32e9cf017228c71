using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Breakdowns;

/// <summary>
/// Why, who, where and when sign-ins fail over a <see cref="DashboardRange"/>. Every method is one GROUP BY in
/// SQLite; the failure ones read only the partial covering index <c>ix_login_logs_failures</c> (see
/// docs/query-plans.md), the outcome series only <c>ix_login_logs_event_type_created_at</c>.
/// </summary>
public sealed class FailureBreakdownService(IDbContextFactory<LoginAuditDbContext> contextFactory)
{
    public const int DefaultTop = 10;

    public async Task<IReadOnlyList<FailureReasonCount>> GetByReasonAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Database.SqlQuery<KeyCountRow>($"""
            SELECT failure_reason AS "Key", COUNT(*) AS "Count"
            FROM login_logs
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
            FROM login_logs
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
            FROM login_logs
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
            FROM login_logs
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
        var rows = await db.Database.SqlQuery<HeatMapRow>($"""
            SELECT CAST(strftime('%w', created_at, {range.SqliteOffsetModifier}) AS INTEGER) AS "Day",
                   CAST(strftime('%H', created_at, {range.SqliteOffsetModifier}) AS INTEGER) AS "Hour",
                   COUNT(*) AS "Count"
            FROM login_logs
            WHERE event_type IN ('SignInFailed', 'LockedOut') AND created_at >= {range.From} AND created_at < {range.To}
            GROUP BY "Day", "Hour"
            """).ToListAsync(cancellationToken);
        return rows.Select(row => new HeatMapCell((DayOfWeek)row.Day, row.Hour, row.Count)).OrderBy(cell => cell.DayOfWeek).ThenBy(cell => cell.Hour).ToList();
    }

    /// <summary>
    /// Successes and failures per bucket (hour for ranges up to two days, day otherwise), in the viewer's local time;
    /// every bucket of the range is present, empty ones as zero.
    /// </summary>
    public async Task<IReadOnlyList<OutcomeBucket>> GetOutcomesOverTimeAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await GetOutcomesOverTimeAsync(db, range, cancellationToken);
    }

    internal static async Task<IReadOnlyList<OutcomeBucket>> GetOutcomesOverTimeAsync(
        LoginAuditDbContext db, DashboardRange range, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<OutcomeRow>($"""
            SELECT strftime({range.SqliteBucketFormat}, created_at, {range.SqliteOffsetModifier}) AS "Bucket",
                   SUM(event_type = 'SignInSucceeded') AS "Successes",
                   SUM(event_type <> 'SignInSucceeded') AS "Failures"
            FROM login_logs
            WHERE event_type IN ('SignInSucceeded', 'SignInFailed', 'LockedOut') AND created_at >= {range.From} AND created_at < {range.To}
            GROUP BY "Bucket"
            """).ToListAsync(cancellationToken);
        var counted = rows.ToDictionary(row => range.ParseBucket(row.Bucket));
        return range.BucketStarts()
            .Select(start => counted.TryGetValue(start, out var row) ? new OutcomeBucket(start, row.Successes, row.Failures) : new OutcomeBucket(start, 0, 0))
            .ToList();
    }

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

    private sealed class HeatMapRow
    {
        public int Day { get; set; }

        public int Hour { get; set; }

        public int Count { get; set; }
    }

    private sealed class OutcomeRow
    {
        public string Bucket { get; set; } = string.Empty;

        public int Successes { get; set; }

        public int Failures { get; set; }
    }
}
