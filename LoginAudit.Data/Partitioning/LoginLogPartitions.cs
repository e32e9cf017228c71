using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using LoginAudit.Data.History;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Rollups;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoginAudit.Data.Partitioning;

/// <summary>
/// The monthly partitions of <c>login_logs</c> on PostgreSQL (the <c>PartitionLoginLogsByMonth</c> migration made the table
/// partitioned): <c>login_logs_yyyy_MM</c> holds the rows whose <c>created_at</c> falls in that UTC month, and
/// <c>login_logs_default</c> every row no month partition takes, so that no write ever fails for want of a partition.
/// On SQLite there are none, and every method here does nothing.
/// </summary>
/// <remarks>
/// Changing partitions needs an exclusive lock on <c>login_logs</c>, which waits for every statement still reading it,
/// while every sign-in waits behind the request: each change gives up after <see cref="LockTimeout"/> instead (a
/// <see cref="Npgsql.PostgresException"/> with <c>55P03</c>), and its caller tries again at its next pass.
/// </remarks>
public sealed partial class LoginLogPartitions(
    IDbContextFactory<LoginAuditDbContext> contexts,
    LoginAuditDatabase database,
    TimeProvider clock,
    ILogger<LoginLogPartitions> logger)
{
    public const string DefaultPartition = "login_logs_default";

    /// <summary>
    /// Autovacuum visits a partition after this many new rows, whatever its size, so that index-only scans of the newest rows
    /// find their pages marked all-visible. PostgreSQL's default waits for a fifth of the partition's rows: on a fresh bench
    /// seed the unmarked part of a month made the users page's counts fetch 28,836 rows from the heap, 90 ms instead of 23
    /// (docs/query-plans.md, "Index-only scans on a freshly seeded PostgreSQL database"). A vacuum of rows only inserted reads
    /// just the pages not yet marked.
    /// </summary>
    public const int RowsBetweenVacuums = 10_000;

    private static readonly string VacuumSettings = string.Create(
        CultureInfo.InvariantCulture, $"autovacuum_vacuum_insert_threshold = {RowsBetweenVacuums}, autovacuum_vacuum_insert_scale_factor = 0");

    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(3);

    public bool Enabled => database.Provider == DatabaseProvider.PostgreSQL;

    /// <summary>The start of the UTC month <paramref name="utc"/> falls in.</summary>
    public static DateTime MonthOf(DateTime utc) => new(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string NameOf(DateTime month) => string.Create(CultureInfo.InvariantCulture, $"login_logs_{month:yyyy_MM}");

    /// <summary>
    /// What retention purges <c>login_logs</c> rows before: on PostgreSQL the start of the cutoff's month, since only whole
    /// months are dropped (the month that straddles the cutoff is kept until it is wholly past); on SQLite the cutoff itself.
    /// </summary>
    public DateTime RowsCutoff(DateTime cutoffUtc) => Enabled ? MonthOf(cutoffUtc) : cutoffUtc;

    /// <summary>The months that have a partition, oldest first (the default partition is not among them).</summary>
    public async Task<IReadOnlyList<DateTime>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (!Enabled)
        {
            return [];
        }

        await using var connection = await contexts.OpenConnectionAsync(cancellationToken);
        return await MonthsAsync(connection, null, cancellationToken);
    }

    /// <summary>Makes sure the current month and the next <paramref name="monthsAhead"/> have partitions; returns those it created.</summary>
    public Task<IReadOnlyList<DateTime>> CreateAheadAsync(int monthsAhead, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return CreateAsync(now, now.AddMonths(monthsAhead), cancellationToken);
    }

    /// <summary>
    /// Makes sure every month from <paramref name="fromUtc"/>'s to <paramref name="toUtc"/>'s has a partition (a bulk load of
    /// history may call it first, so that its rows land in their months); returns the months it created.
    /// </summary>
    /// <remarks>
    /// Rows of a new month that wait in the default partition (a clock that ran ahead, an app that was down longer than
    /// its months ahead) move into it in the same transaction, with their ids (their seals, keyed by id, stay as they
    /// are): the chain does not notice.
    /// </remarks>
    public async Task<IReadOnlyList<DateTime>> CreateAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        if (!Enabled)
        {
            return [];
        }

        await using var connection = await contexts.OpenConnectionAsync(cancellationToken);
        return await CreateAsync(connection, fromUtc, toUtc, logger, cancellationToken);
    }

    /// <summary>
    /// <see cref="CreateAsync(DateTime, DateTime, CancellationToken)"/> on a connection the caller holds (a bulk load's);
    /// nothing on SQLite.
    /// </summary>
    public static async Task<IReadOnlyList<DateTime>> CreateAsync(DbConnection connection, DateTime fromUtc, DateTime toUtc, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (connection is not NpgsqlConnection)
        {
            return [];
        }

        await SetVacuumSettingsAsync(connection, cancellationToken);
        var existing = (await MonthsAsync(connection, null, cancellationToken)).ToHashSet();
        var created = new List<DateTime>();
        for (var month = MonthOf(fromUtc); month <= MonthOf(toUtc); month = month.AddMonths(1))
        {
            if (!existing.Contains(month) && await CreateMonthAsync(connection, month, logger, cancellationToken))
            {
                created.Add(month);
            }
        }

        return created;
    }

    /// <summary>
    /// Detaches and drops, oldest first, every month partition that ends at or before <paramref name="rowsCutoff"/> and
    /// holds the oldest part of the hash chain, moving the purge anchor to its newest row in the same transaction; returns
    /// the rows dropped. A month that does not qualify is left to the row-by-row purge, and so are the months after it,
    /// but for empty ones.
    /// </summary>
    /// <remarks>
    /// A month qualifies when its rows are exactly the oldest rows of the chain: all sealed, and no row outside it has a
    /// smaller id (a row backdated into it later, demo data added late, waits until the rows before it go). The anchor
    /// is then exactly what deleting those rows one by one in id order would leave. The month's seals stay behind in
    /// <c>login_log_seals</c> for the purge to delete by key range (a month's are hundreds of thousands: not under the
    /// exclusive lock every sign-in waits behind).
    /// </remarks>
    public async Task<long> DropMonthsBeforeAsync(DbConnection connection, DateTime rowsCutoff, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return 0;
        }

        var dropped = 0L;
        var oldestRemaining = true;
        foreach (var month in (await MonthsAsync(connection, null, cancellationToken)).Where(month => month.AddMonths(1) <= rowsCutoff))
        {
            if (await DropMonthAsync(connection, month, onlyIfEmpty: !oldestRemaining, cancellationToken) is { } rows)
            {
                dropped += rows;
            }
            else
            {
                oldestRemaining = false;
            }
        }

        return dropped;
    }

    private static async Task<bool> CreateMonthAsync(DbConnection connection, DateTime month, ILogger logger, CancellationToken cancellationToken)
    {
        var name = NameOf(month);
        var range = $"created_at >= {Literal(month)} AND created_at < {Literal(month.AddMonths(1))}";
        var create = $"CREATE TABLE {name} PARTITION OF login_logs FOR VALUES FROM ({Literal(month)}) TO ({Literal(month.AddMonths(1))}) WITH ({VacuumSettings})";

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Exclusive first: no row can reach the default partition between counting its strays and moving them.
        await ExecuteAsync(connection, transaction, $"{SetLockTimeout}; LOCK TABLE login_logs IN ACCESS EXCLUSIVE MODE", cancellationToken);
        if ((await MonthsAsync(connection, transaction, cancellationToken)).Contains(month))
        {
            // Another instance made it meanwhile.
            return false;
        }

        var strays = await ScalarAsync(connection, transaction, $"SELECT count(*) FROM {DefaultPartition} WHERE {range}", cancellationToken);

        // A month cannot be added while the default partition holds rows of it: those move out while it is detached.
        await ExecuteAsync(connection, transaction, strays == 0 ? create : $"""
            ALTER TABLE login_logs DETACH PARTITION {DefaultPartition};
            {create};
            INSERT INTO {name} SELECT * FROM {DefaultPartition} WHERE {range};
            DELETE FROM {DefaultPartition} WHERE {range};
            ALTER TABLE login_logs ATTACH PARTITION {DefaultPartition} DEFAULT
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogCreated(logger, name, strays);
        return true;
    }

    /// <summary>Drops one month under the chain's write lock; null when it does not qualify (see <see cref="DropMonthsBeforeAsync"/>).</summary>
    private async Task<long?> DropMonthAsync(DbConnection connection, DateTime month, bool onlyIfEmpty, CancellationToken cancellationToken)
    {
        var name = NameOf(month);
        await using var transaction = await SqlDialect.PostgreSql.BeginChainWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, SetLockTimeout, cancellationToken);

        // The cheap index probes first: the purge asks again after each batch of rows it deletes one by one.
        var newestId = await ScalarAsync(connection, transaction, $"SELECT coalesce(max(id), 0) FROM {name}", cancellationToken);
        if (onlyIfEmpty && newestId != 0)
        {
            return null;
        }

        var olderElsewhere = await ScalarAsync(
            connection,
            transaction,
            $"SELECT count(*) FROM (SELECT 1 FROM login_logs WHERE id < {newestId} AND (created_at < {Literal(month)} OR created_at >= {Literal(month.AddMonths(1))}) LIMIT 1) older",
            cancellationToken);
        if (olderElsewhere > 0)
        {
            return null;
        }

        long rows;
        await using (var stats = connection.CreateCommand())
        {
            stats.Transaction = transaction;
            stats.CommandText = $"SELECT count(*), count(seal.chain_hash) FROM {ChainCanonicalForm.SealedRows(name)}";
            await using var reader = await stats.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            rows = reader.GetInt64(0);
            if (reader.GetInt64(1) < rows)
            {
                // Rows written since the purge sealed: the next pass takes the month.
                return null;
            }
        }

        var last = rows > 0 ? (await LoginLogSealRange.ReadAsync(connection, transaction, newestId, newestId, cancellationToken))[newestId] : null;

        // Any row that reached the month meanwhile has a larger id than the newest one read above.
        await ExecuteAsync(connection, transaction, "LOCK TABLE login_logs IN ACCESS EXCLUSIVE MODE", cancellationToken);
        if (await ScalarAsync(connection, transaction, $"SELECT coalesce(max(id), 0) FROM {name}", cancellationToken) != newestId)
        {
            return null;
        }

        await LoginLogRollups.SubtractAsync(connection, transaction, name, "true", [], cancellationToken);
        await PostgreSqlSearchIndex.ForgetPartitionAsync(connection, transaction, name, cancellationToken);
        await ExecuteAsync(connection, transaction, $"ALTER TABLE login_logs DETACH PARTITION {name}; DROP TABLE {name}", cancellationToken);
        if (last is not null)
        {
            await ChainMarks.WriteAsync(connection, transaction, ChainMark.Anchor, last, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogDropped(name, rows);
        return rows;
    }

    /// <summary>
    /// Gives the months and the default partition the <see cref="RowsBetweenVacuums"/> settings where they lack them: those
    /// the migration made and those of an earlier version (one made by hand under another name is left alone). PostgreSQL
    /// takes no such settings on the partitioned table itself. The lock it takes blocks neither reads nor writes.
    /// </summary>
    private static async Task SetVacuumSettingsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var unset = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'login_logs'::regclass
                  AND NOT coalesce(c.reloptions @> ARRAY['autovacuum_vacuum_insert_threshold={RowsBetweenVacuums}', 'autovacuum_vacuum_insert_scale_factor=0'], false)
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(0) is var name && (name == DefaultPartition || MonthName().IsMatch(name)))
                {
                    unset.Add(name);
                }
            }
        }

        foreach (var partition in unset)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, transaction, $"{SetLockTimeout}; ALTER TABLE {partition} SET ({VacuumSettings})", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task<List<DateTime>> MonthsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'login_logs'::regclass";
        var months = new List<DateTime>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Only the partitions this class names are months; one made by hand under another name is left alone.
            if (MonthName().Match(reader.GetString(0)) is { Success: true } match)
            {
                months.Add(new DateTime(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), 1, 0, 0, 0, DateTimeKind.Utc));
            }
        }

        months.Sort();
        return months;
    }

    private static string SetLockTimeout => string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = {(int)LockTimeout.TotalMilliseconds}");

    /// <summary>A bound as SQL: DDL takes no parameters, and these are dates this class computed, never input.</summary>
    private static string Literal(DateTime month) => string.Create(CultureInfo.InvariantCulture, $"'{month:yyyy-MM-dd'T'HH:mm:ss'Z'}'");

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [GeneratedRegex(@"^login_logs_(\d{4})_(\d{2})$")]
    private static partial Regex MonthName();

    [LoggerMessage(EventId = 4132, Level = LogLevel.Information, Message = "Created the login_logs partition {Partition}; {Moved} rows of its month moved in from the default partition.")]
    private static partial void LogCreated(ILogger logger, string partition, long moved);

    [LoggerMessage(EventId = 4133, Level = LogLevel.Information, Message = "Retention detached and dropped the login_logs partition {Partition} with its {Rows} rows.")]
    private partial void LogDropped(string partition, long rows);
}
