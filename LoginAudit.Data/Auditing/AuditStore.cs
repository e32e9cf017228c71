using System.Globalization;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.UserAgents;
using System.Data.Common;
using LoginAudit.Data.Live;
using Npgsql;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// The audit writer's statements: rows, sessions and the detection reads, as prepared commands on the writer's own
/// connection, inside the group's transaction; the same SQL on SQLite and PostgreSQL, values as <see cref="SqlDialect"/> stores them.
/// </summary>
/// <remarks>
/// Plain ADO.NET on purpose: measured here, one EF Core <c>SaveChanges</c> of a row costs ~0.4 ms and a small LINQ
/// query ~0.1 ms, against ~15 µs and ~10 µs for the prepared statements; at thousands of writes a second that is the
/// difference between meeting and missing the goal (docs/decisions/0006-audit-write-path.md). Values are stored
/// exactly as EF Core stores them (enums as names, times as sortable UTC text), which a test checks column by
/// column, so EF reads these rows like its own.
/// </remarks>
public sealed class AuditStore : ISignInHistory, IAsyncDisposable
{
    private const string Failures = "('SignInFailed', 'LockedOut')";

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
    private DbTransaction? transaction;

    public AuditStore(DbConnection connection)
    {
        this.connection = connection;
        dialect = SqlDialect.For(connection);
    }

    /// <summary>The transaction the following statements run in (the writer's group).</summary>
    internal void Use(DbTransaction groupTransaction)
    {
        transaction = groupTransaction;
        insertedLogIds.Clear();
        foreach (var command in commands.Values)
        {
            command.Transaction = groupTransaction;
        }
    }

    /// <summary>Inserts the row and sets its <see cref="LoginLog.Id"/>.</summary>
    public async Task InsertAsync(LoginLog row)
    {
        var insert = Command(InsertLogSql, LogColumns);
        Bind(insert.Parameters, row);
        row.Id = (long)(await insert.ExecuteScalarAsync())!;
        insertedLogIds.Add(row.Id);
    }

    /// <summary>How many rows the group inserted so far: a write rolled back to its savepoint forgets those after it (<see cref="ForgetInsertsAfter"/>).</summary>
    internal int InsertedCount => insertedLogIds.Count;

    internal void ForgetInsertsAfter(int insertedCount) => insertedLogIds.RemoveRange(insertedCount, insertedLogIds.Count - insertedCount);

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
        var insert = Command(
            "INSERT INTO login_sessions (session_id, user_id, user_name, started_at, expires_at) VALUES (@session_id, @user_id, @user_name, @started_at, @expires_at)",
            "session_id", "user_id", "user_name", "started_at", "expires_at");
        insert.Parameters[0].Value = session.SessionId;
        insert.Parameters[1].Value = dialect.UserId(session.UserId);
        insert.Parameters[2].Value = Nullable(session.UserName);
        insert.Parameters[3].Value = Utc(session.StartedAt);
        insert.Parameters[4].Value = Utc(session.ExpiresAt);
        await insert.ExecuteNonQueryAsync();
    }

    /// <summary>Closes the session if it is open; returns whether it was.</summary>
    public async Task<bool> EndSessionAsync(string sessionId, DateTime endedAtUtc, LoginEventType endedBy)
    {
        var update = Command(
            "UPDATE login_sessions SET ended_at = @ended_at, ended_by = @ended_by WHERE session_id = @session_id AND ended_at IS NULL",
            "session_id", "ended_at", "ended_by");
        update.Parameters[0].Value = sessionId;
        update.Parameters[1].Value = Utc(endedAtUtc);
        update.Parameters[2].Value = endedBy.ToString();
        return await update.ExecuteNonQueryAsync() > 0;
    }

    public Task<bool> SessionExistsAsync(string sessionId) =>
        ExistsAsync("SELECT EXISTS (SELECT 1 FROM login_sessions WHERE session_id = @id)", sessionId);

    public Task<bool> UserExistsAsync(string userId) =>
        ExistsAsync("""SELECT EXISTS (SELECT 1 FROM "AspNetUsers" WHERE "Id" = @id)""", dialect.UserId(userId));

    /// <summary>Moves an open session's expiry later (never earlier).</summary>
    public async Task ExtendSessionAsync(string sessionId, DateTime expiresAtUtc)
    {
        var update = Command(
            "UPDATE login_sessions SET expires_at = @expires_at WHERE session_id = @session_id AND ended_at IS NULL AND expires_at < @expires_at",
            "session_id", "expires_at");
        update.Parameters[0].Value = sessionId;
        update.Parameters[1].Value = Utc(expiresAtUtc);
        await update.ExecuteNonQueryAsync();
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
            $"SELECT count(*) FROM (SELECT 1 FROM login_logs WHERE user_id = @user_id AND event_type IN {Failures} AND created_at >= @since LIMIT @stop_at) AS counted",
            "user_id", "since", "stop_at");
        count.Parameters[0].Value = dialect.UserId(userId);
        count.Parameters[1].Value = Utc(sinceUtc);
        count.Parameters[2].Value = stopAt;
        return Convert.ToInt32(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
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
        await using var reader = await select.ExecuteReaderAsync();
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

    public async Task<int> CountOtherNamesFailedAsync(string ipAddress, string userName, DateTime sinceUtc, int stopAt)
    {
        var count = Command(
            $"""
            SELECT count(*) FROM (
                SELECT DISTINCT lower(user_name) FROM login_logs
                WHERE ip_address = @ip_address AND event_type IN {Failures} AND created_at >= @since
                  AND user_name IS NOT NULL AND lower(user_name) <> @user_name
                LIMIT @stop_at) AS names
            """,
            "ip_address", "user_name", "since", "stop_at");
        count.Parameters[0].Value = dialect.IpAddress(ipAddress);
        count.Parameters[1].Value = userName;
        count.Parameters[2].Value = Utc(sinceUtc);
        count.Parameters[3].Value = stopAt;
        return Convert.ToInt32(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
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

    private async Task<bool> ExistsAsync(string sql, object id)
    {
        var exists = Command(sql, "id");
        exists.Parameters[0].Value = id;
        return Convert.ToInt64(await exists.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1;
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

    /// <summary>As <see cref="UtcDateTime"/> stores it: Microsoft.Data.Sqlite writes the same sortable text EF writes; Npgsql a <c>timestamptz</c>.</summary>
    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
}
