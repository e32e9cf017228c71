using System.Globalization;
using System.Text.Json;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Rollups;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Breakdowns;

/// <summary>
/// Why, who, where and when sign-ins fail over a <see cref="DashboardRange"/>, aggregated in the database (see
/// docs/query-plans.md). The rankings are GROUP BYs over partial covering indexes of the failures, chosen per query
/// (see <see cref="RankAsync{TRow}"/>); the time series count index ranges per slice.
/// </summary>
public sealed class FailureBreakdownService(IDbContextFactory<LoginAuditDbContext> contextFactory)
{
    public const int DefaultTop = 10;

    /// <summary>
    /// Above this share of the failure history a ranking walks an index that leads with its group column instead of
    /// the time-ordered one: see <see cref="RankAsync{TRow}"/>.
    /// </summary>
    internal const double GroupOrderedIndexShare = 0.2;

    private const string TimeOrderedIndex = "ix_login_logs_failures";

    public async Task<IReadOnlyList<FailureReasonCount>> GetByReasonAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        var rows = await RankRolledUpAsync(range, RollupDimension.FailureReason, top: null, cancellationToken)
            ?? await RankAsync<KeyCountRow>(
                range, groupOrderedIndex: null, _ => """failure_reason AS "Key", COUNT(*) AS "Count" """, "failure_reason", top: null, cancellationToken);
        return rows
            .Select(row => new FailureReasonCount(Enum.TryParse<LoginFailureReason>(row.Key, out var reason) ? reason : null, row.Count))
            .ToList();
    }

    /// <summary>The most-failed user names, unknown names included (and flagged), most failures first.</summary>
    public async Task<IReadOnlyList<FailingUserNameCount>> GetByUserNameAsync(
        DashboardRange range, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        var rows = await RankAsync<UserNameRow>(
            range,
            "ix_login_logs_failures_by_user_name",
            dialect => $"""user_name AS "Key", MAX({dialect.UserIdText("user_id")}) AS "UserId", COUNT(*) AS "Count", SUM(CASE WHEN user_id IS NULL THEN 1 ELSE 0 END) AS "UnknownCount" """,
            "user_name",
            top,
            cancellationToken,
            new PostgreSqlPairs("user_id", """user_name AS "Key", MAX(user_id::text) AS "UserId", SUM(n)::int AS "Count", SUM(CASE WHEN user_id IS NULL THEN n ELSE 0 END)::int AS "UnknownCount" """));
        return rows.Select(row => new FailingUserNameCount(row.Key, row.UserId, row.UnknownCount == row.Count, row.Count)).ToList();
    }

    public async Task<IReadOnlyList<FailingIpCount>> GetByIpAsync(
        DashboardRange range, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        var rows = await RankAsync<IpRow>(
            range,
            "ix_login_logs_failures_by_ip",
            dialect => $"""{dialect.IpText("ip_address")} AS "Key", COUNT(*) AS "Count", COUNT(DISTINCT user_name) AS "DistinctUserNames" """,
            "ip_address",
            top,
            cancellationToken,
            new PostgreSqlPairs("user_name", """host(ip_address) AS "Key", SUM(n)::int AS "Count", COUNT(user_name)::int AS "DistinctUserNames" """));
        return rows.Select(row => new FailingIpCount(row.Key, row.Count, row.DistinctUserNames)).ToList();
    }

    /// <summary>The top values of device type, browser or OS among failures.</summary>
    public async Task<IReadOnlyList<LabelCount>> GetByLabelAsync(
        DashboardRange range, FailureLabel label, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        var (column, dimension) = label switch
        {
            FailureLabel.DeviceType => ("device_type", RollupDimension.DeviceType),
            FailureLabel.Browser => ("browser", RollupDimension.Browser),
            FailureLabel.Os => ("os", RollupDimension.Os),
            _ => throw new ArgumentOutOfRangeException(nameof(label), label, null),
        };
        var rows = await RankRolledUpAsync(range, dimension, top, cancellationToken)
            ?? await RankAsync<KeyCountRow>(range, groupOrderedIndex: null, _ => $"""{column} AS "Key", COUNT(*) AS "Count" """, column, top, cancellationToken);
        return rows.Select(row => new LabelCount(row.Key, row.Count)).ToList();
    }

    /// <summary>Rows of any type flagged suspicious in the range.</summary>
    public async Task<int> CountSuspiciousAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using (var rolledUp = await RolledUpCounts.OpenAsync(db, cancellationToken))
        {
            if (rolledUp is not null)
            {
                var counts = await rolledUp.CountByValueAsync(RollupDimension.Suspicious, range.From, range.To, cancellationToken);
                return checked((int)counts.Sum(count => count.Count));
            }
        }

        // As the partial index's filter says it, so that the index serves the count.
        var dialect = SqlDialect.For(db.Database.GetDbConnection());
#pragma warning disable EF1002 // The condition is a constant of the dialect; the times are parameters.
        return await db.Database.SqlQueryRaw<int>(
            $"""SELECT COUNT(*) AS "Value" FROM login_logs WHERE {dialect.IsTrue("suspicious")} AND created_at >= @from AND created_at < @to""",
            db.Parameter("@from", range.From),
            db.Parameter("@to", range.To)).SingleAsync(cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// A ranking read from the roll-ups (<see cref="RolledUpCounts"/>), ordered as <see cref="RankAsync{TRow}"/> orders;
    /// null when they cannot answer (the rows are then ranked instead). A null value is rolled up as empty.
    /// </summary>
    private async Task<List<KeyCountRow>?> RankRolledUpAsync(DashboardRange range, RollupDimension dimension, int? top, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var rolledUp = await RolledUpCounts.OpenAsync(db, cancellationToken);
        if (rolledUp is null)
        {
            return null;
        }

        var counts = await rolledUp.CountByValueAsync(dimension, range.From, range.To, cancellationToken);
        return counts
            .Select(count => new KeyCountRow { Key = count.Value.Length == 0 ? null : count.Value, Count = checked((int)count.Count) })
            .OrderByDescending(row => row.Count).ThenBy(row => row.Key, StringComparer.Ordinal)
            .Take(top ?? int.MaxValue)
            .ToList();
    }

    /// <summary>
    /// One ranking: <c>SELECT <paramref name="select"/> … GROUP BY <paramref name="groupBy"/> ORDER BY "Count" DESC, "Key"</c>
    /// over the failures of the range. The SQL fragments are constants of this class, never input.
    /// </summary>
    /// <remarks>
    /// SQLite groups by sorting. Walking the time-ordered <c>ix_login_logs_failures</c> reads only the range but sorts
    /// every failure in it (a month of a million rows: about 0.1 to 0.2 s per ranking). An index that leads with the
    /// group column needs no sort but is read whole, the range being checked entry by entry. SQLite has no
    /// statistics to weigh that here, so the choice is made from the share of the failure history the range covers
    /// (two index seeks), and named with INDEXED BY: left alone, the planner took
    /// <c>ix_login_logs_event_type_created_at</c> and read every failure's table row. PostgreSQL keeps statistics and
    /// chooses itself (docs/query-plans.md, "PostgreSQL"); there a ranking given <paramref name="pairs"/> counts in two
    /// steps, see <see cref="PostgreSqlPairs"/>.
    /// </remarks>
    private async Task<List<TRow>> RankAsync<TRow>(
        DashboardRange range, string? groupOrderedIndex, Func<SqlDialect, string> select, string groupBy, int? top, CancellationToken cancellationToken,
        PostgreSqlPairs? pairs = null)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var dialect = SqlDialect.For(db.Database.GetDbConnection());
        var postgres = dialect == SqlDialect.PostgreSql;
        var index = TimeOrderedIndex;
        if (groupOrderedIndex is not null && !postgres)
        {
            var share = await db.Database.SqlQuery<double>($"""
                SELECT COALESCE(
                    (julianday(MIN({range.To}, history.newest)) - julianday(MAX({range.From}, history.oldest)))
                        / NULLIF(julianday(history.newest) - julianday(history.oldest), 0),
                    1.0) AS "Value"
                FROM (SELECT
                        (SELECT MIN(created_at) FROM login_logs INDEXED BY ix_login_logs_failures WHERE event_type IN ('SignInFailed', 'LockedOut')) AS oldest,
                        (SELECT MAX(created_at) FROM login_logs INDEXED BY ix_login_logs_failures WHERE event_type IN ('SignInFailed', 'LockedOut')) AS newest) AS history
                """).SingleAsync(cancellationToken);
            if (share >= GroupOrderedIndexShare)
            {
                index = groupOrderedIndex;
            }
        }

        var limit = top is null ? string.Empty : "LIMIT @top";
        const string failuresOfRange = $"event_type IN {LoginEventTypes.FailuresSql} AND created_at >= @from AND created_at < @to";
        var from = (postgres, pairs) switch
        {
            (true, { } paired) => $"(SELECT {groupBy}, {paired.Column}, COUNT(*) AS n FROM login_logs WHERE {failuresOfRange} GROUP BY {groupBy}, {paired.Column}) AS pairs",
            (true, null) => $"login_logs WHERE {failuresOfRange}",
            _ => $"login_logs INDEXED BY {index} WHERE {failuresOfRange}",
        };
#pragma warning disable EF1002 // Only constants of this class are interpolated (index, columns); values are parameters.
        return await db.Database.SqlQueryRaw<TRow>(
            $"""
            SELECT {(postgres && pairs is not null ? pairs.Select : select(dialect))}
            FROM {from}
            GROUP BY {groupBy}
            ORDER BY "Count" DESC, "Key"
            {limit}
            """,
            db.Parameter("@from", range.From),
            db.Parameter("@to", range.To),
            db.Parameter("@top", top ?? 0)).ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>Failures per day of week and hour of day in the viewer's local time; only non-empty cells.</summary>
    public async Task<IReadOnlyList<HeatMapCell>> GetHeatMapAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hours = range.Slices(TimeSpan.FromHours(1));
        var counts = await CountPerSliceAsync(db, hours, cancellationToken);
        return hours
            .Select((hour, index) => (hour.LocalStart.DayOfWeek, hour.LocalStart.Hour, Failures: checked((int)counts[index].Failures)))
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
        return buckets.Select((bucket, index) => new OutcomeBucket(bucket.LocalStart, checked((int)counts[index].Successes), checked((int)counts[index].Failures))).ToList();
    }

    /// <summary>Successes and failures in each slice: whole hours from the roll-ups where they can answer, the rest from the rows.</summary>
    private static async Task<(long Successes, long Failures)[]> CountPerSliceAsync(
        LoginAuditDbContext db, IReadOnlyList<TimeSlice> slices, CancellationToken cancellationToken)
    {
        await using var rolledUp = await RolledUpCounts.OpenAsync(db, cancellationToken);
        return rolledUp is null
            ? await CountPerSliceFromRowsAsync(db, slices, cancellationToken)
            : await rolledUp.CountOutcomesAsync(slices, pieces => CountPerSliceFromRowsAsync(db, pieces, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Successes and failures in each slice counted from the rows, as one index range count per slice and outcome.
    /// </summary>
    /// <remarks>
    /// Why not <c>GROUP BY strftime(…)</c>: SQLite aggregates by sorting, so grouping a month (half a million
    /// attempts) by bucket sorted every row and formatted every date (about 0.4 s measured). Counting a range of
    /// <c>ix_login_logs_event_type_created_at</c> only steps through index entries, and the slices (UTC bounds of
    /// the viewer's local hours or days) are computed here, so any UTC offset, whole hour or not, is exact.
    /// </remarks>
    private static async Task<(long Successes, long Failures)[]> CountPerSliceFromRowsAsync(
        LoginAuditDbContext db, IReadOnlyList<TimeSlice> slices, CancellationToken cancellationToken)
    {
        var rows = db.Database.IsNpgsql()
            ? await CountPerSliceOnPostgreSqlAsync(db, slices, cancellationToken)
            : await CountPerSliceOnSqliteAsync(db, slices, cancellationToken);
        return rows.OrderBy(row => row.Index).Select(row => ((long)row.Successes, (long)row.Failures)).ToArray();
    }

    private static async Task<IReadOnlyList<OutcomeRow>> CountPerSliceOnSqliteAsync(
        LoginAuditDbContext db, IReadOnlyList<TimeSlice> slices, CancellationToken cancellationToken)
    {
        var bounds = JsonSerializer.Serialize(slices.Select(slice => new[] { SqliteTime(slice.From), SqliteTime(slice.To) }));
        return await db.Database.SqlQuery<OutcomeRow>($"""
            SELECT CAST(slice.key AS INTEGER) AS "Index",
                   (SELECT COUNT(*) FROM login_logs
                    WHERE event_type = 'SignInSucceeded'
                      AND created_at >= json_extract(slice.value, '$[0]') AND created_at < json_extract(slice.value, '$[1]')) AS "Successes",
                   (SELECT COUNT(*) FROM login_logs
                    WHERE event_type IN ('SignInFailed', 'LockedOut')
                      AND created_at >= json_extract(slice.value, '$[0]') AND created_at < json_extract(slice.value, '$[1]')) AS "Failures"
            FROM json_each({bounds}) AS slice
            """).ToListAsync(cancellationToken);
    }

    /// <summary>The same counts on PostgreSQL: the slices' bounds as a JSON array of pairs of ISO 8601 times.</summary>
    private static async Task<IReadOnlyList<OutcomeRow>> CountPerSliceOnPostgreSqlAsync(
        LoginAuditDbContext db, IReadOnlyList<TimeSlice> slices, CancellationToken cancellationToken)
    {
        var bounds = JsonSerializer.Serialize(slices.Select(slice => new[] { slice.From, slice.To }));
        return await db.Database.SqlQuery<OutcomeRow>($"""
            SELECT CAST(slice.position - 1 AS integer) AS "Index",
                   (SELECT COUNT(*) FROM login_logs
                    WHERE event_type = 'SignInSucceeded'
                      AND created_at >= CAST(slice.value ->> 0 AS timestamptz) AND created_at < CAST(slice.value ->> 1 AS timestamptz)) AS "Successes",
                   (SELECT COUNT(*) FROM login_logs
                    WHERE event_type IN ('SignInFailed', 'LockedOut')
                      AND created_at >= CAST(slice.value ->> 0 AS timestamptz) AND created_at < CAST(slice.value ->> 1 AS timestamptz)) AS "Failures"
            FROM json_array_elements(CAST({bounds} AS json)) WITH ORDINALITY AS slice(value, position)
            """).ToListAsync(cancellationToken);
    }

    /// <summary>A time as <c>created_at</c> stores it (Microsoft.Data.Sqlite's DateTime text), so text comparison is time order.</summary>
    private static string SqliteTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>
    /// A PostgreSQL ranking counted in two steps: the failures per pair of the group column and <paramref name="Column"/>
    /// (a hash aggregate of the range's rows on their stored types), then <paramref name="Select"/> over those pairs, their
    /// counts in <c>n</c>. In one step PostgreSQL 15 sorted every group's rows for <c>COUNT(DISTINCT user_name)</c>, and
    /// cast every row's <c>user_id</c> to text for <c>MAX</c>; over a month of a million rows that was about half the time.
    /// </summary>
    private sealed record PostgreSqlPairs(string Column, string Select);

    private sealed class KeyCountRow
    {
        public string? Key { get; set; }

        public int Count { get; set; }
    }

    private sealed class UserNameRow
    {
        public string? Key { get; set; }

        public string? UserId { get; set; }

        public int Count { get; set; }

        public int UnknownCount { get; set; }
    }

    private sealed class IpRow
    {
        public string? Key { get; set; }

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
