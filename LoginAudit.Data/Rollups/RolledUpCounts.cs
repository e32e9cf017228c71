using System.Data.Common;
using System.Globalization;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Rollups;

/// <summary>
/// Counts over time ranges read from <see cref="LoginLogRollups"/> where whole hours are rolled up, and from the rows
/// elsewhere (the partial hours at a range's edges, the rows above the mark), all in one snapshot of the database
/// (<see cref="ContextSnapshot"/>, the caller's), so each count equals a count of the rows. Read per query;
/// <see cref="ReadAsync"/> says null when the rows are cheaper.
/// </summary>
internal sealed class RolledUpCounts
{
    /// <summary>
    /// Beyond this many rows above the mark (a database just seeded or restored, the duty not running) the rows above it
    /// would cost more to read by id than the indexes' count of the whole range: the caller counts from the rows.
    /// </summary>
    internal const long MaximumRowsAboveMark = 20_000;

    /// <summary>The whole hours of a range, as SQL over a roll-up table (see <see cref="RolledUpAndRows"/>).</summary>
    private const string InnerHours = "hour >= @inner_from AND hour < @inner_to";

    /// <summary>The outcomes of the attempts' roll-ups per row, summed per slice.</summary>
    private const string OutcomeSums = $"""
        sum(CASE WHEN hourly.value = '{nameof(LoginEventType.SignInSucceeded)}' THEN hourly.count ELSE 0 END) AS "Successes",
        sum(CASE WHEN hourly.value = '{nameof(LoginEventType.SignInSucceeded)}' THEN 0 ELSE hourly.count END) AS "Failures"
        """;

    private readonly LoginAuditDbContext db;
    private readonly SqlDialect dialect;
    private readonly long rolledUpTo;

    private RolledUpCounts(LoginAuditDbContext db, long rolledUpTo)
    {
        this.db = db;
        dialect = SqlDialect.For(db.Database.GetDbConnection());
        this.rolledUpTo = rolledUpTo;
    }

    /// <summary>
    /// The roll-ups as <paramref name="snapshot"/> sees them; null when they cannot help, and the caller counts from the rows
    /// in the same snapshot.
    /// </summary>
    public static async Task<RolledUpCounts?> ReadAsync(ContextSnapshot snapshot, CancellationToken cancellationToken)
    {
        var db = snapshot.Context;
        var mark = await db.Database.SqlQueryRaw<MarkAndNewest>(
            $"""
            SELECT coalesce(({LoginLogRollups.RolledUpToSql}), 0) AS "RolledUpTo",
                   (SELECT coalesce(max(id), 0) FROM login_logs) AS "NewestId"
            """).SingleAsync(cancellationToken);
        return mark.RolledUpTo > 0 && mark.NewestId - mark.RolledUpTo <= MaximumRowsAboveMark
            ? new RolledUpCounts(db, mark.RolledUpTo)
            : null;
    }

    /// <summary>The rows <paramref name="dimension"/> counts in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), per value; no zero counts.</summary>
    public async Task<List<(string Value, long Count)>> CountByValueAsync(
        RollupDimension dimension, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var counted = RolledUpAndRows(
            $"SELECT value, count FROM {LoginLogRollups.TableName} WHERE dimension = '{dimension}' AND {InnerHours}",
            $"{LoginLogRollups.ValueSql(dimension)} AS value",
            LoginLogRollups.CountsSql(dimension, dialect),
            groupBy: "1");
        return await SumPerValueAsync(counted, RangeParameters(fromUtc, toUtc), cancellationToken);
    }

    /// <summary>
    /// The failures of [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) per local day of week and hour at
    /// <paramref name="utcOffset"/>, a whole number of hours (a UTC hour is then one local hour); no zero counts.
    /// </summary>
    /// <remarks>
    /// For the heat map: summed here by local hour, 168 groups at most, where slicing a year into 8,760 hours and summing
    /// each was 95 ms p50 on PostgreSQL (docs/query-plans.md, "A year's range").
    /// </remarks>
    public async Task<List<(DayOfWeek Day, int Hour, long Count)>> CountFailuresByLocalHourAsync(
        DateTime fromUtc, DateTime toUtc, TimeSpan utcOffset, CancellationToken cancellationToken)
    {
        if (utcOffset.Ticks % TimeSpan.TicksPerHour != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(utcOffset), utcOffset, "A rolled-up UTC hour is one local hour only at a whole-hour offset.");
        }

        var counted = RolledUpAndRows(
            $"SELECT {LocalHourSql("hourly.hour")} AS value, hourly.count FROM {LoginLogRollups.TableName} AS hourly WHERE hourly.dimension = '{RollupDimension.EventType}' AND hourly.value IN {LoginEventTypes.FailuresSql} AND {InnerHours}",
            $"{LocalHourSql("created_at")} AS value",
            LoginLogRollups.FailuresSql,
            groupBy: "1");
        var minutes = (int)utcOffset.TotalMinutes;
        var offset = dialect == SqlDialect.PostgreSql
            ? db.Parameter("@offset", minutes)
            : db.Parameter("@offset", string.Create(CultureInfo.InvariantCulture, $"{minutes:+0;-0} minutes"));
        var counts = await SumPerValueAsync(counted, [.. RangeParameters(fromUtc, toUtc), offset], cancellationToken);
        return counts.Select(count =>
        {
            var parts = count.Value.Split(' ');
            return ((DayOfWeek)int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), count.Count);
        }).ToList();
    }

    /// <summary>
    /// Runs <paramref name="query"/> over the failures of [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) per
    /// source: it is given, as SQL, rows of <c>address</c>, <c>name</c>, <c>account</c> (text, empty for a missing one,
    /// see <see cref="LoginLogFailureSource"/>) and <c>count</c>, a source in as many rows as there are pieces of the range
    /// it failed in, to be summed. The whole hours are read through <paramref name="rolledUpSource"/> (the table, with an
    /// index hint on SQLite). <paramref name="parameters"/> are the query's own.
    /// </summary>
    public async Task<List<TRow>> QueryFailureSourcesAsync<TRow>(
        DateTime fromUtc, DateTime toUtc, string rolledUpSource, Func<string, string> query, IEnumerable<DbParameter> parameters, CancellationToken cancellationToken)
    {
        // Summed per source already here, so that SQLite can do it in an index's order (then only these sums are sorted).
        var sources = RolledUpAndRows(
            $"SELECT address, user_name AS name, user_id AS account, sum(count) AS count FROM {rolledUpSource} WHERE {InnerHours} GROUP BY address, user_name, user_id",
            LoginLogRollups.FailureSourceSql(dialect),
            LoginLogRollups.FailuresSql,
            groupBy: "1, 2, 3");
#pragma warning disable EF1002 // Only constants of LoginLogRollups and the caller's SQL are interpolated; values are parameters.
        return await db.Database.SqlQueryRaw<TRow>(query(sources), [.. RangeParameters(fromUtc, toUtc), .. parameters]).ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// Successes and failures in each of <paramref name="slices"/>: the slices' whole UTC hours from the roll-ups and the
    /// rows above the mark, the rest from the rows through <paramref name="countRows"/> (run in this snapshot).
    /// </summary>
    /// <remarks>
    /// The roll-ups are summed per slice in the database, one row per slice: read hour by hour into objects, a year's
    /// 19,700 hourly counts made the year's daily trend 59 ms (p50, SQLite) and 73 ms (PostgreSQL), of which the SQL
    /// was 14 and 10; now 26 and 39 (docs/query-plans.md, "A year's range").
    /// </remarks>
    public async Task<(long Successes, long Failures)[]> CountOutcomesAsync(
        IReadOnlyList<TimeSlice> slices,
        Func<IReadOnlyList<TimeSlice>, Task<(long Successes, long Failures)[]>> countRows,
        CancellationToken cancellationToken)
    {
        var outcomes = new (long Successes, long Failures)[slices.Count];
        var pieces = new List<(int Slice, TimeSlice Piece)>();
        var whole = new List<(int Slice, DateTime From, DateTime To)>();
        for (var index = 0; index < slices.Count; index++)
        {
            var slice = slices[index];
            var range = HourAlignedRange.Of(slice.From, slice.To);
            if (range.From < range.InnerFrom)
            {
                pieces.Add((index, slice with { From = range.From, To = range.InnerFrom }));
            }

            if (range.InnerTo < range.To)
            {
                pieces.Add((index, slice with { From = range.InnerTo, To = range.To }));
            }

            if (range.HasInner)
            {
                whole.Add((index, range.InnerFrom, range.InnerTo));
            }
        }

        if (pieces.Count > 0)
        {
            var counted = await countRows(pieces.Select(piece => piece.Piece).ToList());
            for (var index = 0; index < pieces.Count; index++)
            {
                Add(ref outcomes[pieces[index].Slice], counted[index]);
            }
        }

        if (whole.Count == 0)
        {
            return outcomes;
        }

        var rolledUp = dialect == SqlDialect.PostgreSql
            ? await SumPerSliceOnPostgreSqlAsync(whole, cancellationToken)
            : await SumPerSliceOnSqliteAsync(whole, cancellationToken);
#pragma warning disable EF1002 // Only constants are interpolated; values are parameters.
        var aboveMark = await db.Database.SqlQueryRaw<RowAboveMark>(
            $"""
            SELECT created_at AS "CreatedAt", event_type AS "EventType" FROM login_logs {RowsAboveMarkHint}
            WHERE id > @rolled_up_to AND event_type IN {LoginEventTypes.AttemptsSql} AND created_at >= @first AND created_at < @end
            """,
            db.Parameter("@first", whole[0].From),
            db.Parameter("@end", whole[^1].To),
            db.Parameter("@rolled_up_to", rolledUpTo)).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        foreach (var count in rolledUp)
        {
            Add(ref outcomes[whole[count.Index].Slice], (count.Successes, count.Failures));
        }

        // The slices are in time order, so their whole hours are too: a row's slice is found by its time.
        var starts = whole.Select(hours => hours.From).ToArray();
        foreach (var row in aboveMark)
        {
            var position = Array.BinarySearch(starts, row.CreatedAt);
            var candidate = position >= 0 ? position : ~position - 1;
            if (candidate >= 0 && row.CreatedAt < whole[candidate].To)
            {
                Add(ref outcomes[whole[candidate].Slice], row.EventType, 1);
            }
        }

        return outcomes;
    }

    /// <summary><paramref name="counted"/>'s counts (see <see cref="RolledUpAndRows"/>) summed per value; no zero sums.</summary>
    private async Task<List<(string Value, long Count)>> SumPerValueAsync(string counted, DbParameter[] parameters, CancellationToken cancellationToken)
    {
#pragma warning disable EF1002 // Only constants of LoginLogRollups are interpolated; values are parameters.
        var rows = await db.Database.SqlQueryRaw<ValueCount>(
            $"""
            SELECT value AS "Value", sum(count) AS "Count" FROM ({counted}) AS counted
            GROUP BY value
            HAVING sum(count) > 0
            """,
            parameters).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        return rows.Select(row => (row.Value, row.Count)).ToList();
    }

    /// <summary>
    /// A UTC time column's local day of week (0 = Sunday) and hour at the offset <c>@offset</c>, as text "D HH"
    /// (minutes on PostgreSQL, a date modifier such as "+60 minutes" on SQLite).
    /// </summary>
    private string LocalHourSql(string column) =>
        dialect == SqlDialect.PostgreSql
            ? $"CAST(extract(dow FROM ({column} AT TIME ZONE 'UTC') + make_interval(mins => @offset)) AS integer) || ' ' || to_char(({column} AT TIME ZONE 'UTC') + make_interval(mins => @offset), 'HH24')"
            : $"strftime('%w %H', {column}, @offset)";

    /// <summary>Each slice's whole hours summed, the slices' bounds a JSON parameter: one search of the roll-ups' key per slice.</summary>
    private async Task<List<SliceCount>> SumPerSliceOnSqliteAsync(List<(int Slice, DateTime From, DateTime To)> whole, CancellationToken cancellationToken)
    {
        var bounds = SliceBounds.For(dialect);
#pragma warning disable EF1002 // Only constants are interpolated; the bounds are a parameter.
        return await db.Database.SqlQueryRaw<SliceCount>(
            $"""
            SELECT {bounds.Index} AS "Index", {OutcomeSums}
            FROM {bounds.Source}
            JOIN {LoginLogRollups.TableName} AS hourly
              ON hourly.dimension = '{RollupDimension.EventType}' AND hourly.hour >= {bounds.From} AND hourly.hour < {bounds.To}
                 AND hourly.value IN {LoginEventTypes.AttemptsSql}
            GROUP BY {bounds.Index}
            """,
            db.Parameter("@bounds", SliceBounds.Json(dialect, whole.Select(hours => (hours.From, hours.To))))).ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// The same sums on PostgreSQL, each hour given its slice by <c>width_bucket</c> over the slices' starts (they are in
    /// time order) and kept if before its slice's end: joined to the slices' JSON as on SQLite, the planner misjudged the
    /// slices' number and compared every hour of the year with every slice (10.5 s for a year's 365 days).
    /// </summary>
    private async Task<List<SliceCount>> SumPerSliceOnPostgreSqlAsync(List<(int Slice, DateTime From, DateTime To)> whole, CancellationToken cancellationToken)
    {
#pragma warning disable EF1002 // Only constants are interpolated; values are parameters.
        return await db.Database.SqlQueryRaw<SliceCount>(
            $"""
            SELECT width_bucket(hourly.hour, @starts) - 1 AS "Index", {OutcomeSums}
            FROM {LoginLogRollups.TableName} AS hourly
            WHERE hourly.dimension = '{RollupDimension.EventType}' AND hourly.hour >= @first AND hourly.hour < @end
              AND hourly.value IN {LoginEventTypes.AttemptsSql} AND hourly.hour < (@ends)[width_bucket(hourly.hour, @starts)]
            GROUP BY 1
            """,
            db.Parameter("@starts", whole.Select(hours => hours.From).ToArray()),
            db.Parameter("@ends", whole.Select(hours => hours.To).ToArray()),
            db.Parameter("@first", whole[0].From),
            db.Parameter("@end", whole[^1].To)).ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// Counts over a range, as SQL: the whole hours from <paramref name="rolledUp"/> (a roll-up table's <c>SELECT</c> of
    /// its values and then <c>count</c>, over <see cref="InnerHours"/>), the edges' partial hours and the rows above the
    /// mark from <c>login_logs</c>: those matching <paramref name="counts"/>, per <paramref name="values"/> (the same columns).
    /// </summary>
    private string RolledUpAndRows(string rolledUp, string values, string counts, string groupBy) => $"""
        {rolledUp}
        UNION ALL
        SELECT {values}, count(*) AS count FROM login_logs
        WHERE {counts} AND created_at >= @from AND created_at < @inner_from GROUP BY {groupBy}
        UNION ALL
        SELECT {values}, count(*) AS count FROM login_logs
        WHERE {counts} AND created_at >= @inner_to AND created_at < @to GROUP BY {groupBy}
        UNION ALL
        SELECT {values}, count(*) AS count FROM login_logs {RowsAboveMarkHint}
        WHERE id > @rolled_up_to AND {counts} AND created_at >= @inner_from AND created_at < @inner_to GROUP BY {groupBy}
        """;

    /// <summary>The parameters of <see cref="RolledUpAndRows"/> for [<paramref name="fromUtc"/>, <paramref name="toUtc"/>).</summary>
    private DbParameter[] RangeParameters(DateTime fromUtc, DateTime toUtc)
    {
        var range = HourAlignedRange.Of(fromUtc, toUtc);
        return
        [
            db.Parameter("@from", range.From),
            db.Parameter("@inner_from", range.InnerFrom),
            db.Parameter("@inner_to", range.InnerTo),
            db.Parameter("@to", range.To),
            db.Parameter("@rolled_up_to", rolledUpTo),
        ];
    }

    /// <summary>The rows above the mark are found by id (SQLite would otherwise walk a month of a time index to test each id).</summary>
    private string RowsAboveMarkHint => dialect == SqlDialect.PostgreSql ? "" : "NOT INDEXED";

    private static void Add(ref (long Successes, long Failures) outcome, (long Successes, long Failures) more) =>
        outcome = (outcome.Successes + more.Successes, outcome.Failures + more.Failures);

    private static void Add(ref (long Successes, long Failures) outcome, string eventType, long count) =>
        outcome = eventType == nameof(LoginEventType.SignInSucceeded) ? (outcome.Successes + count, outcome.Failures) : (outcome.Successes, outcome.Failures + count);

    private sealed class MarkAndNewest
    {
        public long RolledUpTo { get; set; }

        public long NewestId { get; set; }
    }

    private sealed class ValueCount
    {
        public string Value { get; set; } = "";

        public long Count { get; set; }
    }

    /// <summary>A slice's rolled-up counts; <see cref="Index"/> is its position among the slices with whole hours.</summary>
    private sealed class SliceCount
    {
        public int Index { get; set; }

        public long Successes { get; set; }

        public long Failures { get; set; }
    }

    /// <summary>An attempt above the mark, counted once in the slice of its time.</summary>
    private sealed class RowAboveMark
    {
        public DateTime CreatedAt { get; set; }

        public string EventType { get; set; } = "";
    }
}
