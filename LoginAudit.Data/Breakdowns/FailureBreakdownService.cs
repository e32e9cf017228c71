using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Rollups;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Breakdowns;

/// <summary>
/// Why, who, where and when sign-ins fail over a <see cref="DashboardRange"/>, aggregated in the database (see
/// docs/query-plans.md). The rankings are GROUP BYs over partial covering indexes of the failures, chosen per query
/// (see <see cref="RankAsync"/>); the time series count index ranges per slice.
/// </summary>
public sealed class FailureBreakdownService(IDbContextFactory<LoginAuditDbContext> contextFactory)
{
    public const int DefaultTop = 10;

    /// <summary>
    /// Above this share of the failure history a ranking walks an index that leads with its group column instead of
    /// the time-ordered one: see <see cref="RankAsync"/>.
    /// </summary>
    internal const double GroupOrderedIndexShare = 0.2;

    private const string TimeOrderedIndex = "ix_login_logs_failures";

    private const string FailuresOfRange = $"event_type IN {LoginEventTypes.FailuresSql} AND created_at >= @from AND created_at < @to";

    /// <summary>
    /// The failures per (address, name) pair on PostgreSQL, counted in two steps: per (address, name, account) on the
    /// stored types, then per pair, so that only the triples' accounts are cast to text for <c>MAX</c> (PostgreSQL has
    /// no <c>max(uuid)</c>; casting every row's was about half the time of a month's ranking).
    /// </summary>
    private const string PostgreSqlSourcePairs = $"""
        SELECT ip_address, user_name, MAX(user_id::text) AS user_id, SUM(n) AS n, SUM(CASE WHEN user_id IS NULL THEN n ELSE 0 END) AS unknown
        FROM (SELECT ip_address, user_name, user_id, COUNT(*) AS n FROM login_logs WHERE {FailuresOfRange}
              GROUP BY ip_address, user_name, user_id) AS triples
        GROUP BY ip_address, user_name
        """;

    public async Task<IReadOnlyList<FailureReasonCount>> GetByReasonAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        var rows = await RankAsync(range, RollupDimension.FailureReason, "failure_reason", top: null, cancellationToken);
        return rows
            .Select(row => new FailureReasonCount(Enum.TryParse<LoginFailureReason>(row.Key, out var reason) ? reason : null, row.Count))
            .ToList();
    }

    /// <summary>The most-failed user names, unknown names included (and flagged), most failures first.</summary>
    public async Task<IReadOnlyList<FailingUserNameCount>> GetByUserNameAsync(
        DashboardRange range, int top = DefaultTop, CancellationToken cancellationToken = default) =>
        (await GetFailingSourcesAsync(range, top, cancellationToken)).UserNames;

    /// <summary>The most-failing addresses, with how many names each tried, most failures first.</summary>
    public async Task<IReadOnlyList<FailingIpCount>> GetByIpAsync(
        DashboardRange range, int top = DefaultTop, CancellationToken cancellationToken = default) =>
        (await GetFailingSourcesAsync(range, top, cancellationToken)).Ips;

    /// <summary>
    /// Both rankings of where failures come from, by address and by user name, from one pass over the range's failures:
    /// they are counted per (address, name) pair first, and each ranking sums the pairs. Ties are ordered by key, a
    /// missing one first, as the roll-ups' rankings order them, on both providers. The pairs are summed from
    /// <c>login_log_failure_sources</c> where it can answer (<see cref="RolledUpCounts"/>), else counted from the rows.
    /// </summary>
    /// <remarks>
    /// Each ranking used to read the month's failures on its own (about 40 and 50 ms each at a million rows on SQLite),
    /// and the overview and the failures page show both. The pairs are far fewer than the failures (1,840 for 216,000 in
    /// the bench's month), and at worst, every failure from its own address under its own name, as many.
    /// </remarks>
    public async Task<FailingSources> GetFailingSourcesAsync(
        DashboardRange range, int top = DefaultTop, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await ContextSnapshot.BeginAsync(db, cancellationToken);
        var rows = await RolledUpCounts.ReadAsync(snapshot, cancellationToken) is { } rolledUp
            ? await RankRolledUpSourcesAsync(db, rolledUp, range, top, cancellationToken)
            : await RankSourcesFromRowsAsync(db, range, top, cancellationToken);
        var ordered = rows.OrderBy(row => row.Ranking).ThenBy(row => row.Position).ToList();
        return new FailingSources(
            ordered.Where(row => row.Ranking == 0).Select(row => new FailingIpCount(row.Key, row.Count, DistinctUserNames: row.Detail)).ToList(),
            ordered.Where(row => row.Ranking == 1).Select(row => new FailingUserNameCount(row.Key, row.UserId, IsUnknown: row.Detail == row.Count, row.Count)).ToList());
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
        var rows = await RankAsync(range, dimension, column, top, cancellationToken);
        return rows.Select(row => new LabelCount(row.Key, row.Count)).ToList();
    }

    /// <summary>Rows of any type flagged suspicious in the range.</summary>
    public async Task<int> CountSuspiciousAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await ContextSnapshot.BeginAsync(db, cancellationToken);
        if (await RolledUpCounts.ReadAsync(snapshot, cancellationToken) is { } rolledUp)
        {
            var counts = await rolledUp.CountByValueAsync(RollupDimension.Suspicious, range.From, range.To, cancellationToken);
            return checked((int)counts.Sum(count => count.Count));
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
    /// The failures of the range ranked by <paramref name="column"/>, most first, ties by value (a missing one first): summed
    /// from the roll-ups of <paramref name="dimension"/> where they can answer (<see cref="RolledUpCounts"/>, which roll a
    /// missing value up as empty), else counted from the rows, in the same snapshot.
    /// </summary>
    /// <remarks>
    /// From the rows, on SQLite it names the time-ordered <c>ix_login_logs_failures</c> with INDEXED BY: left alone, the
    /// planner took <c>ix_login_logs_event_type_created_at</c> and read every failure's table row. PostgreSQL keeps
    /// statistics and chooses itself (docs/query-plans.md, "PostgreSQL"). <paramref name="column"/> is a constant of this
    /// class, never input.
    /// </remarks>
    private async Task<List<KeyCountRow>> RankAsync(
        DashboardRange range, RollupDimension dimension, string column, int? top, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await ContextSnapshot.BeginAsync(db, cancellationToken);
        if (await RolledUpCounts.ReadAsync(snapshot, cancellationToken) is { } rolledUp)
        {
            var counts = await rolledUp.CountByValueAsync(dimension, range.From, range.To, cancellationToken);
            return counts
                .Select(count => new KeyCountRow { Key = count.Value.Length == 0 ? null : count.Value, Count = checked((int)count.Count) })
                .OrderByDescending(row => row.Count).ThenBy(row => row.Key, StringComparer.Ordinal)
                .Take(top ?? int.MaxValue)
                .ToList();
        }

        var dialect = SqlDialect.For(db.Database.GetDbConnection());
        var source = dialect == SqlDialect.PostgreSql ? "login_logs" : $"login_logs INDEXED BY {TimeOrderedIndex}";
        var limit = top is null ? string.Empty : "LIMIT @top";
#pragma warning disable EF1002 // Only constants of this class are interpolated (index, columns); values are parameters.
        return await db.Database.SqlQueryRaw<KeyCountRow>(
            $"""
            SELECT {column} AS "Key", COUNT(*) AS "Count"
            FROM {source} WHERE {FailuresOfRange}
            GROUP BY {column}
            ORDER BY "Count" DESC, "Key"
            {limit}
            """,
            db.Parameter("@from", range.From),
            db.Parameter("@to", range.To),
            db.Parameter("@top", top ?? 0)).ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// Whether the range covers at least <see cref="GroupOrderedIndexShare"/> of the failure history (two index seeks).
    /// </summary>
    /// <remarks>
    /// SQLite groups by sorting. Walking the time-ordered <c>ix_login_logs_failures</c> reads only the range but sorts
    /// every failure in it (a month of a million rows: about 0.1 to 0.2 s). An index that leads with the group columns
    /// needs no sort but is read whole, the range being checked entry by entry. SQLite has no statistics to weigh that
    /// here, so the share decides.
    /// </remarks>
    private static async Task<bool> CoversLargeShareAsync(LoginAuditDbContext db, DashboardRange range, CancellationToken cancellationToken)
    {
#pragma warning disable EF1002 // The failure set is a constant; the times are parameters.
        var share = await db.Database.SqlQueryRaw<double>(
            $"""
            SELECT COALESCE(
                (julianday(MIN(@to, history.newest)) - julianday(MAX(@from, history.oldest)))
                    / NULLIF(julianday(history.newest) - julianday(history.oldest), 0),
                1.0) AS "Value"
            FROM (SELECT
                    (SELECT MIN(created_at) FROM login_logs INDEXED BY {TimeOrderedIndex} WHERE event_type IN {LoginEventTypes.FailuresSql}) AS oldest,
                    (SELECT MAX(created_at) FROM login_logs INDEXED BY {TimeOrderedIndex} WHERE event_type IN {LoginEventTypes.FailuresSql}) AS newest) AS history
            """,
            db.Parameter("@from", range.From),
            db.Parameter("@to", range.To)).SingleAsync(cancellationToken);
#pragma warning restore EF1002
        return share >= GroupOrderedIndexShare;
    }

    /// <summary>Failures per day of week and hour of day in the viewer's local time; only non-empty cells.</summary>
    public async Task<IReadOnlyList<HeatMapCell>> GetHeatMapAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await ContextSnapshot.BeginAsync(db, cancellationToken);
        var rolledUp = await RolledUpCounts.ReadAsync(snapshot, cancellationToken);

        // At a whole-hour offset every rolled-up UTC hour is one local hour, so the cells are summed in the database;
        // at another (+05:30) a UTC hour is split between two cells, and the local hours are counted as slices.
        if (rolledUp is not null && range.UtcOffset.Ticks % TimeSpan.TicksPerHour == 0)
        {
            var cells = await rolledUp.CountFailuresByLocalHourAsync(range.From, range.To, range.UtcOffset, cancellationToken);
            return cells
                .Select(cell => new HeatMapCell(cell.Day, cell.Hour, checked((int)cell.Count)))
                .OrderBy(cell => cell.DayOfWeek).ThenBy(cell => cell.Hour)
                .ToList();
        }

        var hours = range.Slices(TimeSpan.FromHours(1));
        var counts = await CountPerSliceAsync(db, rolledUp, hours, cancellationToken);
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
        await using var snapshot = await ContextSnapshot.BeginAsync(db, cancellationToken);
        var rolledUp = await RolledUpCounts.ReadAsync(snapshot, cancellationToken);
        var buckets = range.Buckets();
        var counts = await CountPerSliceAsync(db, rolledUp, buckets, cancellationToken);
        return buckets.Select((bucket, index) => new OutcomeBucket(bucket.LocalStart, checked((int)counts[index].Successes), checked((int)counts[index].Failures))).ToList();
    }

    /// <summary>
    /// Successes and failures in each slice, in <paramref name="db"/>'s snapshot: whole hours from <paramref name="rolledUp"/>
    /// (null when the roll-ups cannot answer), the rest from the rows.
    /// </summary>
    private static async Task<(long Successes, long Failures)[]> CountPerSliceAsync(
        LoginAuditDbContext db, RolledUpCounts? rolledUp, IReadOnlyList<TimeSlice> slices, CancellationToken cancellationToken)
    {
        if (rolledUp is not null)
        {
            return await rolledUp.CountOutcomesAsync(slices, pieces => CountPerSliceFromRowsAsync(db, pieces, cancellationToken), cancellationToken);
        }

        return await CountPerSliceFromRowsAsync(db, slices, cancellationToken);
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
        var dialect = SqlDialect.For(db.Database.GetDbConnection());
        var slice = SliceBounds.For(dialect);
#pragma warning disable EF1002 // Only constants are interpolated; the bounds are a parameter.
        var rows = await db.Database.SqlQueryRaw<OutcomeRow>($"""
            SELECT {slice.Index} AS "Index",
                   (SELECT COUNT(*) FROM login_logs
                    WHERE event_type = '{nameof(LoginEventType.SignInSucceeded)}' AND created_at >= {slice.From} AND created_at < {slice.To}) AS "Successes",
                   (SELECT COUNT(*) FROM login_logs
                    WHERE event_type IN {LoginEventTypes.FailuresSql} AND created_at >= {slice.From} AND created_at < {slice.To}) AS "Failures"
            FROM {slice.Source}
            """,
            db.Parameter("@bounds", SliceBounds.Json(dialect, slices.Select(piece => (piece.From, piece.To))))).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        return rows.OrderBy(row => row.Index).Select(row => ((long)row.Successes, (long)row.Failures)).ToArray();
    }

    /// <summary>
    /// Both rankings of <see cref="GetFailingSourcesAsync"/> summed from the roll-ups. On SQLite through the index that
    /// suits the range, as <see cref="RankSourcesFromRowsAsync"/> chooses for the rows.
    /// </summary>
    private static async Task<List<SourceRow>> RankRolledUpSourcesAsync(
        LoginAuditDbContext db, RolledUpCounts rolledUp, DashboardRange range, int top, CancellationToken cancellationToken)
    {
        var source = LoginLogRollups.FailureSourcesTableName;
        if (SqlDialect.For(db.Database.GetDbConnection()) == SqlDialect.Sqlite)
        {
            var index = await CoversLargeShareAsync(db, range, cancellationToken)
                ? LoginLogFailureSourceConfiguration.BySourceIndex
                : LoginLogFailureSourceConfiguration.ByHourIndexOnSqlite;
            source += $" INDEXED BY {index}";
        }

        return await rolledUp.QueryFailureSourcesAsync<SourceRow>(
            range.From, range.To, source, sources => RankSourcesSql(RolledUpSourcePairs(sources), ip: "ip_address"), [db.Parameter("@top", top)], cancellationToken);
    }

    /// <summary>Both rankings of <see cref="GetFailingSourcesAsync"/> counted from the rows, through the index that suits the range.</summary>
    private static async Task<List<SourceRow>> RankSourcesFromRowsAsync(LoginAuditDbContext db, DashboardRange range, int top, CancellationToken cancellationToken)
    {
        var dialect = SqlDialect.For(db.Database.GetDbConnection());
        var pairs = dialect == SqlDialect.PostgreSql
            ? PostgreSqlSourcePairs
            : SqliteSourcePairs(await CoversLargeShareAsync(db, range, cancellationToken) ? "ix_login_logs_failures_by_ip" : TimeOrderedIndex);
#pragma warning disable EF1002 // Only constants of this class and the dialect are interpolated; values are parameters.
        return await db.Database.SqlQueryRaw<SourceRow>(
            RankSourcesSql(pairs, dialect.IpText("ip_address")),
            db.Parameter("@from", range.From),
            db.Parameter("@to", range.To),
            db.Parameter("@top", top)).ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// Both rankings over <paramref name="pairs"/> (SQL of the failures per pair: <c>ip_address</c>, <c>user_name</c>, the
    /// greatest <c>user_id</c> as text, <c>n</c> and how many of them had no account, <c>unknown</c>), the address as text
    /// being <paramref name="ip"/>: the top <c>@top</c> of each, as <see cref="SourceRow"/>s.
    /// </summary>
    private static string RankSourcesSql(string pairs, string ip) => $"""
        WITH pairs AS MATERIALIZED ({pairs})
        SELECT * FROM (
            SELECT 0 AS "Ranking", CAST(ROW_NUMBER() OVER (ORDER BY SUM(n) DESC, {ip} IS NOT NULL, {ip}) AS integer) AS "Position",
                   {ip} AS "Key", NULL AS "UserId", CAST(SUM(n) AS integer) AS "Count", CAST(COUNT(user_name) AS integer) AS "Detail"
            FROM pairs GROUP BY ip_address ORDER BY "Position" LIMIT @top) AS by_ip
        UNION ALL
        SELECT * FROM (
            SELECT 1 AS "Ranking", CAST(ROW_NUMBER() OVER (ORDER BY SUM(n) DESC, user_name IS NOT NULL, user_name) AS integer) AS "Position",
                   user_name AS "Key", MAX(user_id) AS "UserId", CAST(SUM(n) AS integer) AS "Count", CAST(SUM(unknown) AS integer) AS "Detail"
            FROM pairs GROUP BY user_name ORDER BY "Position" LIMIT @top) AS by_user_name
        """;

    /// <summary>
    /// The failures per (address, name) pair summed from <paramref name="sources"/> (see
    /// <see cref="RolledUpCounts.QueryFailureSourcesAsync{TRow}"/>), a missing value, stored empty, back to NULL: the same
    /// pairs as <see cref="PostgreSqlSourcePairs"/> and <see cref="SqliteSourcePairs"/> count from the rows.
    /// </summary>
    private static string RolledUpSourcePairs(string sources) => $"""
        SELECT NULLIF(address, '') AS ip_address, NULLIF(name, '') AS user_name, MAX(NULLIF(account, '')) AS user_id, SUM(count) AS n,
               SUM(CASE WHEN account = '' THEN count ELSE 0 END) AS unknown
        FROM ({sources}) AS sources
        GROUP BY address, name
        """;

    /// <summary>The failures per (address, name) pair on SQLite, read from <paramref name="index"/>.</summary>
    private static string SqliteSourcePairs(string index) => $"""
        SELECT ip_address, user_name, MAX(user_id) AS user_id, COUNT(*) AS n, SUM(CASE WHEN user_id IS NULL THEN 1 ELSE 0 END) AS unknown
        FROM login_logs INDEXED BY {index} WHERE {FailuresOfRange}
        GROUP BY ip_address, user_name
        """;

    private sealed class KeyCountRow
    {
        public string? Key { get; set; }

        public int Count { get; set; }
    }

    /// <summary>A row of either ranking of <see cref="GetFailingSourcesAsync"/>: Detail is the distinct names of an address, the unknown attempts of a name.</summary>
    private sealed class SourceRow
    {
        public int Ranking { get; set; }

        public int Position { get; set; }

        public string? Key { get; set; }

        public string? UserId { get; set; }

        public int Count { get; set; }

        public int Detail { get; set; }
    }

    private sealed class OutcomeRow
    {
        public int Index { get; set; }

        public int Successes { get; set; }

        public int Failures { get; set; }
    }
}
