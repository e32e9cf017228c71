using System.Data.Common;
using LoginAudit.Data.Auditing;

namespace LoginAudit.Data.Rollups;

/// <summary>
/// <c>login_log_rollups</c>: per UTC hour, how many <c>login_logs</c> rows there are of each <see cref="RollupDimension"/>
/// value, so that the overview and the breakdowns read a month as a few thousand counts instead of its rows; and
/// <c>login_log_failure_sources</c> (<see cref="LoginLogFailureSource"/>): per UTC hour, the failures of each (address,
/// user name, account), which both rankings of the failures' sources sum.
/// </summary>
/// <remarks>
/// <para>
/// The counts cover exactly the rows with an id up to the mark <c>rolled_up_to</c> (<see cref="LoginLogRollupMark"/>).
/// <see cref="RollUpAsync"/> moves the mark over rows whose id is settled (<see cref="SqlDialect.SettledIdAsync"/>: no
/// smaller id can still commit), in the singleton roll-up duty, so no insert waits on a counter row and a rolled-back
/// write is never counted. Whoever deletes rows subtracts those under the mark in the deleting transaction
/// (<see cref="SubtractAsync"/>: the retention purge, a dropped month) or starts the counts over (<see cref="ResetAsync"/>:
/// the demo seeder). Every such transaction, and each roll-up batch, holds the chain's write lock
/// (<see cref="SqlDialect.BeginChainWriteAsync"/>), so the mark and the counts move together.
/// </para>
/// <para>
/// Readers (<see cref="RolledUpCounts"/>) take whole hours below the mark from here, and from the rows the partial hours
/// at a range's edges and the rows above the mark, in one snapshot: every count equals a count of the rows.
/// </para>
/// </remarks>
public static class LoginLogRollups
{
    public const string TableName = "login_log_rollups";

    public const string MarksTableName = "login_log_rollup_marks";

    public const string FailureSourcesTableName = "login_log_failure_sources";

    /// <summary>The mark's row id; no row before the first roll-up.</summary>
    internal const string RolledUpToSql = $"SELECT row_id FROM {MarksTableName} WHERE name = '{LoginLogRollupMark.RolledUpTo}'";

    /// <summary>Rows counted per transaction: a catch-up over a million rows holds the write lock in short steps.</summary>
    public const int BatchSize = 50_000;

    /// <summary>The failures (failed attempts and lockouts), as SQL over <c>login_logs</c>: what the failure dimensions and <c>login_log_failure_sources</c> count.</summary>
    internal const string FailuresSql = $"event_type IN {LoginEventTypes.FailuresSql}";

    /// <summary>Each dimension: the counted value and which rows count, as SQL over <c>login_logs</c>.</summary>
    private static readonly IReadOnlyDictionary<RollupDimension, (string Value, Func<SqlDialect, string> Counts)> Dimensions =
        new Dictionary<RollupDimension, (string, Func<SqlDialect, string>)>
        {
            [RollupDimension.EventType] = ("event_type", _ => "1 = 1"),
            [RollupDimension.Suspicious] = ("''", dialect => dialect.IsTrue("suspicious")),
            [RollupDimension.FailureReason] = ("coalesce(failure_reason, '')", _ => FailuresSql),
            [RollupDimension.DeviceType] = ("device_type", _ => FailuresSql),
            [RollupDimension.Browser] = ("coalesce(browser, '')", _ => FailuresSql),
            [RollupDimension.Os] = ("coalesce(os, '')", _ => FailuresSql),
        };

    /// <summary>The counted value of <paramref name="dimension"/> as SQL over a <c>login_logs</c> row.</summary>
    internal static string ValueSql(RollupDimension dimension) => Dimensions[dimension].Value;

    /// <summary>Which <c>login_logs</c> rows <paramref name="dimension"/> counts, as SQL.</summary>
    internal static string CountsSql(RollupDimension dimension, SqlDialect dialect) => Dimensions[dimension].Counts(dialect);

    /// <summary>
    /// A failure's source as <c>login_log_failure_sources</c> keys it, as SQL over a <c>login_logs</c> row: the columns
    /// <c>address</c>, <c>name</c> and <c>account</c>, as text, empty for a missing one (see <see cref="LoginLogFailureSource"/>).
    /// </summary>
    internal static string FailureSourceSql(SqlDialect dialect) =>
        $"coalesce({dialect.IpText("ip_address")}, '') AS address, coalesce(user_name, '') AS name, coalesce({dialect.UserIdText("user_id")}, '') AS account";

    /// <summary>
    /// Counts the settled rows above the mark into the roll-ups, in batches; returns how many rows were counted.
    /// Safe to run anywhere at any time (each batch reads the mark under the chain's write lock); the roll-up duty runs it.
    /// </summary>
    public static async Task<long> RollUpAsync(DbConnection connection, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var dialect = SqlDialect.For(connection);
        var counted = 0L;
        while (true)
        {
            var settled = await dialect.SettledIdAsync(connection, cancellationToken);
            await using var transaction = await dialect.BeginChainWriteAsync(connection, cancellationToken);
            var after = await RolledUpToAsync(connection, transaction, cancellationToken);
            var (rows, upTo) = await NextBatchAsync(connection, transaction, after, settled, cancellationToken);
            if (rows == 0)
            {
                return counted;
            }

            await AddCountsAsync(connection, transaction, BatchSource(dialect), "id > @after AND id <= @up_to", sign: 1, [("@after", after), ("@up_to", upTo)], cancellationToken);
            await WriteMarkAsync(connection, transaction, upTo, clock.GetUtcNow().UtcDateTime, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            counted += rows;
            if (rows < BatchSize)
            {
                return counted;
            }
        }
    }

    /// <summary>
    /// Where a batch's rows are read: by their id range. Without planner statistics (a live database has none) SQLite
    /// took the failures' arms through <c>ix_login_logs_event_type_created_at</c>, every failure ever written for each batch,
    /// so a catch-up over a million rows grew with the square of the rows; <c>NOT INDEXED</c> still allows the rowid range.
    /// </summary>
    private static string BatchSource(SqlDialect dialect) => dialect == SqlDialect.PostgreSql ? "login_logs" : "login_logs NOT INDEXED";

    /// <summary>
    /// Takes out of the counts the rolled-up rows among those of <paramref name="from"/> (<c>login_logs</c> or one of its
    /// partitions) matching <paramref name="rowsWhere"/>, in <paramref name="transaction"/>: one that holds the chain's
    /// write lock and deletes those rows.
    /// </summary>
    public static async Task SubtractAsync(
        DbConnection connection,
        DbTransaction transaction,
        string from,
        string rowsWhere,
        IReadOnlyList<(string Name, object Value)> parameters,
        CancellationToken cancellationToken = default)
    {
        var upTo = await RolledUpToAsync(connection, transaction, cancellationToken);
        if (upTo == 0)
        {
            return;
        }

        await AddCountsAsync(connection, transaction, from, $"({rowsWhere}) AND id <= @rolled_up_to", sign: -1, [.. parameters, ("@rolled_up_to", upTo)], cancellationToken);

        // Hours whose rows are gone leave no zeros behind.
        await using var zeros = connection.CreateCommand();
        zeros.Transaction = transaction;
        zeros.CommandText = $"DELETE FROM {TableName} WHERE count = 0; DELETE FROM {FailureSourcesTableName} WHERE count = 0;";
        await zeros.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets every count, in <paramref name="transaction"/> (which holds the chain's write lock): the next roll-up counts every row again.</summary>
    public static async Task ResetAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken = default)
    {
        await using var reset = connection.CreateCommand();
        reset.Transaction = transaction;
        reset.CommandText = $"DELETE FROM {TableName}; DELETE FROM {FailureSourcesTableName}; DELETE FROM {MarksTableName};";
        await reset.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The highest id counted; 0 before the first roll-up.</summary>
    public static async Task<long> RolledUpToAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = RolledUpToSql;
        return await command.ExecuteScalarAsync(cancellationToken) is long rowId ? rowId : 0;
    }

    /// <summary>The start of a row's UTC hour as SQL, comparable with <c>hour</c> and with time parameters.</summary>
    internal static string HourSql(SqlDialect dialect, string createdAt) =>
        dialect == SqlDialect.PostgreSql
            ? $"date_trunc('hour', {createdAt}, 'UTC')"

            // As Microsoft.Data.Sqlite writes a whole-hour DateTime, so that it compares as text.
            : $"substr({createdAt}, 1, 13) || ':00:00'";

    /// <summary>
    /// Adds <paramref name="sign"/> times the counts of the rows matching <paramref name="rowsWhere"/>: every dimension in
    /// one statement, the failures' sources in a second.
    /// </summary>
    private static async Task AddCountsAsync(
        DbConnection connection,
        DbTransaction transaction,
        string from,
        string rowsWhere,
        int sign,
        IEnumerable<(string Name, object Value)> parameters,
        CancellationToken cancellationToken)
    {
        var dialect = SqlDialect.For(connection);
        var arms = Dimensions.Select(dimension =>
            $"SELECT '{dimension.Key}' AS dimension, {HourSql(dialect, "created_at")} AS hour, {dimension.Value.Value} AS value FROM {from} WHERE ({rowsWhere}) AND {dimension.Value.Counts(dialect)}");
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;

        // In key order: two transactions that add to the same counters lock them in the same order.
        command.CommandText = $"""
            INSERT INTO {TableName} (dimension, hour, value, count)
            SELECT dimension, hour, value, {sign} * count(*) FROM ({string.Join(" UNION ALL ", arms)}) AS counted
            WHERE true
            GROUP BY dimension, hour, value
            ORDER BY dimension, hour, value
            ON CONFLICT (dimension, hour, value) DO UPDATE SET count = {TableName}.count + excluded.count;
            INSERT INTO {FailureSourcesTableName} (hour, address, user_name, user_id, count)
            SELECT hour, address, name, account, {sign} * count(*) FROM (
                SELECT {HourSql(dialect, "created_at")} AS hour, {FailureSourceSql(dialect)} FROM {from}
                WHERE ({rowsWhere}) AND {FailuresSql}) AS counted
            WHERE true
            GROUP BY hour, address, name, account
            ORDER BY hour, address, name, account
            ON CONFLICT (hour, address, user_name, user_id) DO UPDATE SET count = {FailureSourcesTableName}.count + excluded.count;
            """;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many settled rows follow <paramref name="after"/>, up to a batch, and the last one's id.</summary>
    private static async Task<(long Rows, long UpTo)> NextBatchAsync(
        DbConnection connection, DbTransaction transaction, long after, long settled, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT count(*), coalesce(max(id), 0) FROM (
                SELECT id FROM login_logs WHERE id > @after AND id <= @settled ORDER BY id LIMIT {BatchSize}) AS batch
            """;
        command.AddParameter("@after", after);
        command.AddParameter("@settled", settled);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task WriteMarkAsync(DbConnection connection, DbTransaction transaction, long rowId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {MarksTableName} (name, row_id, updated_at) VALUES ('{LoginLogRollupMark.RolledUpTo}', @row_id, @updated_at)
            ON CONFLICT (name) DO UPDATE SET row_id = excluded.row_id, updated_at = excluded.updated_at
            """;
        command.AddParameter("@row_id", rowId);
        command.AddParameter("@updated_at", nowUtc);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
