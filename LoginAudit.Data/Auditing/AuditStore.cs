using System.Globalization;
using System.Text;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.Sqlite;
using LoginAudit.Data.UserAgents;
using System.Data.Common;
using LoginAudit.Data.Live;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// The audit writer's statements: rows, sessions and the detection reads, as prepared commands on the writer's own
/// connection, inside the group's transaction; the same SQL on SQLite and PostgreSQL, values as <see cref="SqlDialect"/> stores them.
/// </summary>
/// <remarks>
/// Plain ADO.NET on purpose: measured here, one EF Core <c>SaveChanges</c> of a row costs ~0.4 ms and a small LINQ
/// query ~0.1 ms, against ~15 µs and ~10 µs for the prepared statements; at thousands of writes a second that is the
/// difference between meeting and missing the goal (docs/decisions/0006-audit-write-path.md). On SQLite the row insert
/// goes one step further, through SQLite's own API (<see cref="SqlitePreparedInsert"/>). Values are stored
/// exactly as EF Core stores them (enums as names, times as sortable UTC text), which a test checks column by
/// column, so EF reads these rows like its own.
/// </remarks>
public sealed class AuditStore : ISignInHistory, IAsyncDisposable
{
    /// <summary>PostgreSQL's spraying count reads up to this many distinct names (as written) per name it needs.</summary>
    internal const int RawNamesRead = 2;

    private const string Savepoint = "audit_write";
    private const string SavepointSql = "SAVEPOINT " + Savepoint;
    private const string ReleaseSql = "RELEASE SAVEPOINT " + Savepoint;
    private const string RollbackToSql = "ROLLBACK TO SAVEPOINT " + Savepoint;

    private static readonly string[] LogColumns =
    [
        "user_id", "user_name", "event_type", "succeeded", "failure_reason", "error_code", "sign_in_method", "ip_address",
        "user_agent", "browser", "browser_version", "os", "os_version", "device_type", "device_brand", "device_model",
        "is_bot", "location", "country_code", "city", "latitude", "longitude", "suspicious", "suspicious_reasons",
        "session_id", "created_at", "asn", "as_org", "risk_level", "trace_id",
    ];

    private static readonly string InsertLogSql =
        $"INSERT INTO login_logs ({string.Join(", ", LogColumns)}) VALUES ({string.Join(", ", LogColumns.Select(column => "@" + column))}) RETURNING id";

    private readonly DbConnection connection;
    private readonly SqlDialect dialect;
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);
    private readonly List<long> insertedLogIds = [];

    // The failures the group inserted so far and those of the groups committed before it, which may answer a spraying
    // count without reading (CountOtherNamesFailedAsync).
    private readonly List<GroupFailure> groupFailures = [];
    private readonly RecentFailures committedFailures = new();

    // SQLite: the row insert, bound by position (SqlitePreparedInsert); the values still come from its command's parameters.
    private SqlitePreparedInsert? sqliteInsert;

    // PostgreSQL: the savepoint statements wait here and go to the server with the write's next statement, in one batch.
    private readonly List<string> deferred = [];
    private DbTransaction? transaction;
    private WriteState write;
    private AuditChanges writeChanges;

    // Whether the write in progress has run a statement that changes rows (SQLite: see ChangingAsync).
    private bool changed;

    public AuditStore(DbConnection connection)
    {
        this.connection = connection;
        dialect = SqlDialect.For(connection);
    }

    /// <summary>The writer's own connection and the group's transaction: what its session holds (its prepared statements) is only seen through them.</summary>
    internal (DbConnection Connection, DbTransaction? Transaction) Session => (connection, transaction);

    /// <summary>The transaction the following statements run in (the writer's group).</summary>
    internal void Use(DbTransaction groupTransaction)
    {
        transaction = groupTransaction;
        insertedLogIds.Clear();
        groupFailures.Clear();
        deferred.Clear();
        write = WriteState.None;
        foreach (var command in commands.Values)
        {
            command.Transaction = groupTransaction;
        }
    }

    /// <summary>Inserts the row and sets its <see cref="LoginLog.Id"/>.</summary>
    public async Task InsertAsync(LoginLog row)
    {
        await ChangingAsync();
        var insert = Command(InsertLogSql, LogColumns);
        Bind(insert.Parameters, row);
        if (connection is SqliteConnection sqlite)
        {
            sqliteInsert ??= new SqlitePreparedInsert(sqlite, InsertLogSql);
            row.Id = sqliteInsert.Insert(insert.Parameters);
        }
        else
        {
            row.Id = (long)(await ScalarAsync(insert))!;
        }

        if (CountsForSpraying(row))
        {
            groupFailures.Add(new GroupFailure(insertedLogIds.Count, row.IpAddress!, row.UserName!.ToLowerInvariant(), Utc(row.CreatedAt)));
        }

        insertedLogIds.Add(row.Id);
    }

    /// <summary>How many rows the group inserted so far: a write rolled back to its savepoint forgets those after it (<see cref="ForgetInsertsAfter"/>).</summary>
    internal int InsertedCount => insertedLogIds.Count;

    internal void ForgetInsertsAfter(int insertedCount)
    {
        insertedLogIds.RemoveRange(insertedCount, insertedLogIds.Count - insertedCount);
        groupFailures.RemoveAll(failure => failure.Insert >= insertedCount);
    }

    /// <summary>
    /// Starts a write. On SQLite its savepoint is set just before its first change, and a write of <see cref="AuditChanges.One"/>
    /// needs none: SQLite undoes a failing statement by itself and keeps the transaction. On PostgreSQL, where a failing statement
    /// aborts the whole transaction, every write has its savepoint, sent with the write's first statement as one batch
    /// (with the previous write's <c>RELEASE</c>), so a write costs a round trip per statement and none for its savepoint.
    /// </summary>
    internal Task BeginWriteAsync(AuditChanges changes)
    {
        write = WriteState.Begun;
        writeChanges = changes;
        changed = false;
        if (connection is NpgsqlConnection)
        {
            deferred.Add(SavepointSql);
        }

        return Task.CompletedTask;
    }

    /// <summary>The write succeeded: its savepoint, if set, is released (on PostgreSQL with the next write's first statement, or by the commit).</summary>
    internal async Task ReleaseWriteAsync()
    {
        if (connection is not NpgsqlConnection)
        {
            if (write == WriteState.SavepointSet)
            {
                await Command(ReleaseSql).ExecuteNonQueryAsync();
            }
        }
        else if (write == WriteState.SavepointSet)
        {
            deferred.Add(ReleaseSql);
        }
        else
        {
            // The write sent no statement: its savepoint was never set, and the previous write's release still waits.
            deferred.Remove(SavepointSql);
        }

        write = WriteState.None;
    }

    /// <summary>The write failed: what it changed is undone, the rest of the group stays.</summary>
    /// <exception cref="InvalidOperationException">The transaction cannot be trusted to the write's savepoint: the group fails.</exception>
    internal async Task RollbackWriteAsync(Exception failure)
    {
        var state = write;
        write = WriteState.None;
        switch (state)
        {
            case WriteState.SavepointSet:
                // ROLLBACK TO keeps the savepoint open; the release ends it, so the next write's savepoint is not nested in it.
                await Command(RollbackToSql).ExecuteNonQueryAsync();
                await Command(ReleaseSql).ExecuteNonQueryAsync();
                break;
            case WriteState.Begun when connection is NpgsqlConnection:
                // Nothing reached the server: nothing to undo.
                deferred.Remove(SavepointSql);
                break;
            case WriteState.Begun when TransactionIsOpen():
                // SQLite undid the failing statement alone (a constraint, a trigger's ABORT), and no change of the write came before it.
                break;
            default:
                throw new InvalidOperationException("An audit write ended the group's transaction.", failure);
        }
    }

    /// <summary>
    /// Before each statement that changes rows: where a write of several changes sets its savepoint on SQLite, and where a
    /// write declared <see cref="AuditChanges.One"/> is stopped before a second change (on SQLite it has no savepoint to undo the first).
    /// </summary>
    /// <exception cref="InvalidOperationException">A write declared as one change made a second one: the group fails.</exception>
    private async Task ChangingAsync()
    {
        if (write is WriteState.None or WriteState.Broken)
        {
            return;
        }

        if (writeChanges == AuditChanges.One)
        {
            if (changed)
            {
                write = WriteState.Broken;
                throw new InvalidOperationException("An audit write declared as one change made a second one; without a savepoint its first change could not be undone alone.");
            }

            changed = true;
        }
        else if (write == WriteState.Begun && connection is not NpgsqlConnection)
        {
            await Command(SavepointSql).ExecuteNonQueryAsync();
            write = WriteState.SavepointSet;
        }
    }

    /// <summary>SQLite ends the whole transaction on some errors (a full disk, an I/O error, a trigger's <c>RAISE(ROLLBACK)</c>).</summary>
    private bool TransactionIsOpen() => SQLitePCL.raw.sqlite3_get_autocommit(((SqliteConnection)connection).Handle) == 0;

    /// <summary>The group's writes are done: the commit ends the last savepoint, so its deferred <c>RELEASE</c> is never sent.</summary>
    internal void EndGroup() => deferred.Clear();

    /// <summary>The group's transaction committed: its failures are rows now, which later groups' spraying counts may use.</summary>
    internal void GroupCommitted()
    {
        foreach (var failure in groupFailures)
        {
            committedFailures.Add(failure.IpAddress, failure.LowerName, failure.CreatedAt);
        }

        groupFailures.Clear();
    }

    /// <summary>
    /// On PostgreSQL, one <c>NOTIFY</c> (<see cref="PostgresEventNotifications"/>) with the group's row ids, delivered to the
    /// other instances when the group commits; SQLite's instances read new ids instead (<see cref="LoginLogTail"/>).
    /// </summary>
    internal async Task AnnounceNewRowsAsync()
    {
        if (connection is NpgsqlConnection postgres && insertedLogIds.Count > 0)
        {
            await PostgresEventNotifications.NotifyAsync(postgres, (NpgsqlTransaction?)transaction, insertedLogIds, CancellationToken.None);
        }
    }

    public async Task InsertAsync(LoginSession session)
    {
        await ChangingAsync();
        var insert = Command(
            "INSERT INTO login_sessions (session_id, user_id, user_name, started_at, expires_at) VALUES (@session_id, @user_id, @user_name, @started_at, @expires_at)",
            "session_id", "user_id", "user_name", "started_at", "expires_at");
        insert.Parameters[0].Value = session.SessionId;
        insert.Parameters[1].Value = dialect.UserId(session.UserId);
        insert.Parameters[2].Value = Nullable(session.UserName);
        insert.Parameters[3].Value = Utc(session.StartedAt);
        insert.Parameters[4].Value = Utc(session.ExpiresAt);
        await NonQueryAsync(insert);
    }

    /// <summary>Closes the session if it is open; returns whether it was.</summary>
    public async Task<bool> EndSessionAsync(string sessionId, DateTime endedAtUtc, LoginEventType endedBy)
    {
        await ChangingAsync();
        var update = Command(
            "UPDATE login_sessions SET ended_at = @ended_at, ended_by = @ended_by WHERE session_id = @session_id AND ended_at IS NULL",
            "session_id", "ended_at", "ended_by");
        update.Parameters[0].Value = sessionId;
        update.Parameters[1].Value = Utc(endedAtUtc);
        update.Parameters[2].Value = endedBy.ToString();
        return await NonQueryAsync(update) > 0;
    }

    public Task<bool> SessionExistsAsync(string sessionId) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM login_sessions WHERE session_id = @id)", sessionId);

    public Task<bool> UserExistsAsync(string userId) =>
        ExistsAsync("""SELECT EXISTS (SELECT 1 FROM "AspNetUsers" WHERE "Id" = @id)""", dialect.UserId(userId));

    /// <summary>Moves an open session's expiry later (never earlier).</summary>
    public async Task ExtendSessionAsync(string sessionId, DateTime expiresAtUtc)
    {
        await ChangingAsync();
        var update = Command(
            "UPDATE login_sessions SET expires_at = @expires_at WHERE session_id = @session_id AND ended_at IS NULL AND expires_at < @expires_at",
            "session_id", "expires_at");
        update.Parameters[0].Value = sessionId;
        update.Parameters[1].Value = Utc(expiresAtUtc);
        await NonQueryAsync(update);
    }

    /// <summary>Makes the group's rows searchable (<see cref="LoginLogSearchIndex"/>).</summary>
    public async Task IndexNewRowsForSearchAsync()
    {
        if (dialect.IndexNewRowsForSearchSql is { } sql)
        {
            await Command(sql).ExecuteNonQueryAsync();
        }
    }

    public async Task<int> CountFailuresAsync(string userId, DateTime sinceUtc, int stopAt)
    {
        var count = Command(
            $"SELECT count(*) FROM (SELECT 1 FROM login_logs WHERE user_id = @user_id AND event_type IN {LoginEventTypes.FailuresSql} AND created_at >= @since LIMIT @stop_at) AS counted",
            "user_id", "since", "stop_at");
        count.Parameters[0].Value = dialect.UserId(userId);
        count.Parameters[1].Value = Utc(sinceUtc);
        count.Parameters[2].Value = stopAt;
        return Convert.ToInt32(await ScalarAsync(count), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<PreviousSignIn>> RecentSignInsAsync(string userId, int count)
    {
        var select = Command(
            """
            SELECT browser, os, device_type, country_code, city, latitude, longitude, created_at FROM login_logs
            WHERE user_id = @user_id AND event_type = 'SignInSucceeded' ORDER BY created_at DESC, id DESC LIMIT @count
            """,
            "user_id", "count");
        select.Parameters[0].Value = dialect.UserId(userId);
        select.Parameters[1].Value = count;
        var signIns = new List<PreviousSignIn>(count);
        await using var reader = await ReaderAsync(select);
        while (await reader.ReadAsync())
        {
            signIns.Add(new PreviousSignIn(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                Enum.TryParse<DeviceType>(reader.GetString(2), out var deviceType) ? deviceType : DeviceType.Other,
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc)));
        }

        return signIns;
    }

    /// <remarks>
    /// The failures the writer knows answer first, its group's and those of its earlier groups (<see cref="RecentFailures"/>):
    /// when those from the address in the window already hold <paramref name="stopAt"/> other names, the count is
    /// <paramref name="stopAt"/> without a read (they are rows the read would count, so the answer is the read's). During a
    /// spraying attack only its first writes read.
    /// SQLite's <c>DISTINCT</c> hands each new name on at once, so the <c>LIMIT</c> ends the read early. PostgreSQL's
    /// hashed <c>DISTINCT</c> reads every failure of the address in the window first: during a spraying attack each
    /// write read all the attack's rows so far (67 ms at 24,000 rows), the write path's limit at a few hundred writes a
    /// second. There the distinct names come in order from <c>ix_login_logs_failures_by_ip</c> instead, which stops after
    /// the first names; <see cref="RawNamesRead"/> of them are enough unless case variants of the same names fill them,
    /// and then the complete count is taken (docs/decisions/0006-audit-write-path.md).
    /// </remarks>
    public async Task<int> CountOtherNamesFailedAsync(string ipAddress, string userName, DateTime sinceUtc, int stopAt)
    {
        if (KnownFailuresHoldOtherNames(ipAddress, userName, sinceUtc, stopAt))
        {
            return stopAt;
        }

        if (connection is NpgsqlConnection)
        {
            var inOrder = Command(
                $"""
                SELECT CASE WHEN lowered >= @stop_at OR raw < @raw_limit THEN least(lowered, @stop_at) ELSE -1 END FROM (
                    SELECT count(DISTINCT lower(user_name)) AS lowered, count(*) AS raw FROM (
                        SELECT DISTINCT user_name FROM login_logs
                        WHERE ip_address = @ip_address AND event_type IN {LoginEventTypes.FailuresSql} AND created_at >= @since
                          AND user_name IS NOT NULL AND lower(user_name) <> @user_name
                        ORDER BY user_name LIMIT @raw_limit) AS names) AS counted
                """,
                "ip_address", "user_name", "since", "stop_at", "raw_limit");
            inOrder.Parameters[0].Value = dialect.IpAddress(ipAddress);
            inOrder.Parameters[1].Value = userName;
            inOrder.Parameters[2].Value = Utc(sinceUtc);
            inOrder.Parameters[3].Value = (long)stopAt;
            inOrder.Parameters[4].Value = (long)stopAt * RawNamesRead;
            var counted = Convert.ToInt32(await ScalarAsync(inOrder), CultureInfo.InvariantCulture);
            if (counted >= 0)
            {
                return counted;
            }
        }

        var count = Command(
            $"""
            SELECT count(*) FROM (
                SELECT DISTINCT lower(user_name) FROM login_logs
                WHERE ip_address = @ip_address AND event_type IN {LoginEventTypes.FailuresSql} AND created_at >= @since
                  AND user_name IS NOT NULL AND lower(user_name) <> @user_name
                LIMIT @stop_at) AS names
            """,
            "ip_address", "user_name", "since", "stop_at");
        count.Parameters[0].Value = dialect.IpAddress(ipAddress);
        count.Parameters[1].Value = userName;
        count.Parameters[2].Value = Utc(sinceUtc);
        count.Parameters[3].Value = stopAt;
        return Convert.ToInt32(await ScalarAsync(count), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        sqliteInsert?.Dispose();
        sqliteInsert = null;
        foreach (var command in commands.Values)
        {
            await command.DisposeAsync();
        }

        commands.Clear();
    }

    /// <summary>One command per statement for the connection's life, so SQLite prepares each statement once (Npgsql: see <see cref="PostgreSqlConnectionStrings"/>).</summary>
    private DbCommand Command(string sql, params string[] parameters)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var parameter in parameters)
            {
                command.AddParameter("@" + parameter);
            }

            commands.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    private async Task<object?> ScalarAsync(DbCommand command)
    {
        if (deferred.Count == 0)
        {
            return await Sent(command.ExecuteScalarAsync(), statement: null);
        }

        await using var batch = Batch(command);
        return await Sent(batch.ExecuteScalarAsync(), batch.BatchCommands[^1]);
    }

    private async Task<int> NonQueryAsync(DbCommand command)
    {
        if (deferred.Count == 0)
        {
            return await Sent(command.ExecuteNonQueryAsync(), statement: null);
        }

        await using var batch = Batch(command);
        await Sent(batch.ExecuteNonQueryAsync(), batch.BatchCommands[^1]);
        return batch.BatchCommands[^1].RecordsAffected;
    }

    /// <summary>Npgsql's reader of a batch skips the results of statements that return no rows (the savepoint's).</summary>
    private Task<DbDataReader> ReaderAsync(DbCommand command)
    {
        if (deferred.Count == 0)
        {
            return Sent(command.ExecuteReaderAsync(), statement: null);
        }

        // The reader keeps the batch alive until it is disposed; a batch holds no server resource of its own.
        var batch = Batch(command);
        return Sent(((DbBatch)batch).ExecuteReaderAsync(), batch.BatchCommands[^1]);
    }

    /// <summary>The deferred savepoint statements, then <paramref name="command"/>, as one batch.</summary>
    private NpgsqlBatch Batch(DbCommand command)
    {
        var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        foreach (var sql in deferred)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        var statement = new NpgsqlBatchCommand(command.CommandText);
        foreach (NpgsqlParameter parameter in command.Parameters)
        {
            statement.Parameters.Add(parameter.Clone());
        }

        batch.BatchCommands.Add(statement);
        return batch;
    }

    /// <summary>
    /// Awaits a statement, sent alone or (<paramref name="statement"/>) last in a batch after the deferred ones. The write's
    /// savepoint is set once the statement ran or failed by itself. When a deferred statement failed, or the batch failed
    /// otherwise (a lost connection), no savepoint answers for the transaction, and the write's rollback fails the group.
    /// </summary>
    private async Task<T> Sent<T>(Task<T> sending, NpgsqlBatchCommand? statement)
    {
        try
        {
            var result = await sending;
            Settle();
            return result;
        }
        catch (Exception failure) when (statement is null || (failure is PostgresException postgres && FailedAlone(postgres, statement)))
        {
            Settle();
            throw;
        }
        catch
        {
            deferred.Clear();
            write = WriteState.Broken;
            throw;
        }
    }

    /// <summary>
    /// Whether the batch's last statement failed by itself, the deferred ones having run. Npgsql names the failed statement
    /// of a batch only in some paths (not in <c>ExecuteScalar</c>'s): otherwise the error says it, since a <c>SAVEPOINT</c> or
    /// <c>RELEASE</c> in an open transaction fails only on an aborted transaction or an unknown savepoint, or fatally.
    /// </summary>
    private static bool FailedAlone(PostgresException failure, NpgsqlBatchCommand statement) =>
        failure.BatchCommand is { } failed
            ? failed == statement
            : failure.InvariantSeverity == "ERROR"
                && failure.SqlState is not (PostgresErrorCodes.InFailedSqlTransaction or PostgresErrorCodes.InvalidSavepointSpecification);

    private void Settle()
    {
        if (connection is not NpgsqlConnection)
        {
            return;
        }

        deferred.Clear();
        if (write == WriteState.Begun)
        {
            write = WriteState.SavepointSet;
        }
    }

    private async Task<bool> ExistsAsync(string sql, object id)
    {
        var exists = Command(sql, "id");
        exists.Parameters[0].Value = id;
        return Convert.ToInt64(await ScalarAsync(exists), CultureInfo.InvariantCulture) == 1;
    }

    private void Bind(DbParameterCollection parameters, LoginLog row)
    {
        parameters[0].Value = dialect.UserId(row.UserId);
        parameters[1].Value = Nullable(row.UserName);
        parameters[2].Value = row.EventType.ToString();
        parameters[3].Value = row.Succeeded;
        parameters[4].Value = Nullable(row.FailureReason?.ToString());
        parameters[5].Value = Nullable(row.ErrorCode);
        parameters[6].Value = Nullable(row.SignInMethod?.ToString());
        parameters[7].Value = dialect.IpAddress(row.IpAddress);
        parameters[8].Value = Nullable(row.UserAgent);
        parameters[9].Value = Nullable(row.Browser);
        parameters[10].Value = Nullable(row.BrowserVersion);
        parameters[11].Value = Nullable(row.Os);
        parameters[12].Value = Nullable(row.OsVersion);
        parameters[13].Value = row.DeviceType.ToString();
        parameters[14].Value = Nullable(row.DeviceBrand);
        parameters[15].Value = Nullable(row.DeviceModel);
        parameters[16].Value = row.IsBot;
        parameters[17].Value = Nullable(row.Location);
        parameters[18].Value = Nullable(row.CountryCode);
        parameters[19].Value = Nullable(row.City);
        parameters[20].Value = row.Latitude is { } latitude ? latitude : DBNull.Value;
        parameters[21].Value = row.Longitude is { } longitude ? longitude : DBNull.Value;
        parameters[22].Value = row.Suspicious;
        parameters[23].Value = Nullable(row.SuspiciousReasons);
        parameters[24].Value = Nullable(row.SessionId);
        parameters[25].Value = Utc(row.CreatedAt);
        parameters[26].Value = row.Asn is { } asn ? asn : DBNull.Value;
        parameters[27].Value = Nullable(row.AsOrg);
        parameters[28].Value = row.RiskLevel.ToString();
        parameters[29].Value = Nullable(row.TraceId);
    }

    private static object Nullable(string? value) => value is null ? DBNull.Value : value;

    /// <remarks>
    /// Only ASCII names: SQLite's <c>lower()</c> folds ASCII letters only, so for them it agrees with <see cref="string.ToLowerInvariant"/>;
    /// so does PostgreSQL's in every locale but a Turkish one, where <c>I</c> folds to <c>ı</c> and two names this folds apart still
    /// fold apart there. A name this list leaves out can only make it count fewer names than the read would, never more; so can an
    /// address written two ways (compared as text here, as <c>inet</c> by PostgreSQL).
    /// </remarks>
    private static bool CountsForSpraying(LoginLog row) =>
        row.IpAddress is not null && row.UserName is { } name && Ascii.IsValid(name) && LoginEventTypes.Failures.Contains(row.EventType);

    /// <remarks>
    /// Times are compared to the tick; PostgreSQL stores microseconds, and truncating both sides keeps every <c>&gt;=</c>
    /// that holds here, so each failure this counts the read counts too.
    /// </remarks>
    private bool KnownFailuresHoldOtherNames(string ipAddress, string userName, DateTime sinceUtc, int stopAt)
    {
        if (groupFailures.Count + committedFailures.NameCount(ipAddress) < stopAt)
        {
            return false;
        }

        var since = Utc(sinceUtc);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in committedFailures.NamesSince(ipAddress, since))
        {
            if (name != userName && names.Add(name) && names.Count >= stopAt)
            {
                return true;
            }
        }

        foreach (var failure in groupFailures)
        {
            if (failure.IpAddress == ipAddress && failure.CreatedAt >= since && failure.LowerName != userName && names.Add(failure.LowerName) && names.Count >= stopAt)
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="Insert">The row's place among the group's inserts: a write rolled back forgets the failures from its first insert on.</param>
    private sealed record GroupFailure(int Insert, string IpAddress, string LowerName, DateTime CreatedAt);

    private enum WriteState
    {
        None,

        /// <summary>No savepoint yet: on PostgreSQL it waits to be sent with the write's first statement; on SQLite it is set before the first change, if the write needs one.</summary>
        Begun,

        SavepointSet,

        /// <summary>A deferred savepoint statement failed, or a one-change write made a second change: no savepoint can be trusted.</summary>
        Broken,
    }

    /// <summary>As <see cref="UtcDateTime"/> stores it: Microsoft.Data.Sqlite writes the same sortable text EF writes; Npgsql a <c>timestamptz</c>.</summary>
    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
}
