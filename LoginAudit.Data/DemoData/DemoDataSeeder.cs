using System.Data.Common;
using System.Diagnostics;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Rollups;
using LoginAudit.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace LoginAudit.Data.DemoData;

/// <summary>
/// Writes a synthetic login history (users, <c>login_logs</c>, <c>login_sessions</c>) straight into the schema, fast
/// enough for a million rows: prepared statements in batched transactions on SQLite, binary COPY on PostgreSQL.
/// </summary>
/// <remarks>
/// <para>
/// What counts as demo data: users whose e-mail is at <c>@demo.loginaudit.invalid</c>, their rows and sessions,
/// and rows without a user that come from the RFC 5737 documentation networks. A previous run's demo data is
/// replaced; anything else is never deleted.
/// </para>
/// <para>
/// Without <see cref="DemoDataOptions.Force"/> the seeder refuses a database that holds anything else: a user
/// outside the demo domain, or a row that is not demo. One exception: a user in the <c>Admin</c> role with no
/// <c>login_logs</c> rows, which is what the start-up initialiser creates on a fresh database; refusing it would make
/// the seeder useless on a new install, while an admin who has signed in (has rows) marks a real database.
/// </para>
/// <para>
/// Durability is not weakened: the file stays in WAL mode with <c>synchronous=NORMAL</c> for this connection,
/// which in WAL mode loses at most the last commits on power loss and never corrupts; no <c>synchronous=OFF</c>.
/// </para>
/// </remarks>
public sealed class DemoDataSeeder(IDbContextFactory<LoginAuditDbContext> contextFactory, TimeProvider timeProvider)
{
    public const string EmailDomain = DemoDataCatalog.EmailDomain;

    private const string DemoUsersSql = $"""SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" LIKE '%@{NormalizedDomain}'""";

    private const string NormalizedDomain = "DEMO.LOGINAUDIT.INVALID";

    private static string DemoAnonymousRowSql(SqlDialect dialect) =>
        "(user_id IS NULL AND (" + string.Join(" OR ", DemoDataCatalog.DemoNetworks.Select(network => $"{dialect.IpText("ip_address")} LIKE '{network}%'")) + "))";

    public async Task<DemoSeedResult> SeedAsync(
        DemoDataOptions options, IProgress<DemoSeedProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        await using var connection = await contextFactory.OpenConnectionAsync(cancellationToken);
        var dialect = SqlDialect.For(connection);
        await ExecuteAsync(connection, null, dialect.BulkLoadSetupSql, cancellationToken);

        if (!options.Force && await DescribeNonDemoDataAsync(connection, cancellationToken) is { } found)
        {
            throw new DemoDataRefusedException(
                $"The database holds data that is not demo data ({found}). Demo data is only written to an empty or demo-only database; use --force to add it anyway (existing data is kept).");
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var generator = new DemoHistoryGenerator(options, now);
        generator.Generate();

        // Flagged as the detector flags rows, with its default thresholds (README, "Demo data").
        await generator.AssessAsync(new DetectionSettings());

        var stopwatch = Stopwatch.StartNew();
        await DeletePreviousDemoDataAsync(connection, cancellationToken);
        // On PostgreSQL the history's months get their partitions first, so that its rows land in them (README, "Partitions").
        await LoginLogPartitions.CreateAsync(connection, now.AddDays(-options.Days), now, NullLogger.Instance, cancellationToken);
        await InsertUsersAsync(connection, generator, cancellationToken);
        await InsertEventsAsync(connection, generator, options, progress, cancellationToken);
        var activeSessions = await InsertSessionsAsync(connection, generator, cancellationToken);
        // The roll-up duty would count them at its next pass; counted here, the first dashboard opened is already fast.
        await LoginLogRollups.RollUpAsync(connection, timeProvider, cancellationToken);
        // Exact statistics for the planner (and on SQLite the WAL folded back into the file: readers of a freshly seeded
        // database would otherwise look most pages up in a WAL of a hundred megabytes or more); see SqlDialect.AfterBulkLoadSql.
        await ExecuteAsync(connection, null, dialect.AfterBulkLoadSql, cancellationToken);
        stopwatch.Stop();

        var events = generator.Events.Count;
        return new DemoSeedResult(
            generator.Users.Count, events, generator.Sessions.Count, activeSessions, stopwatch.Elapsed,
            events / Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-6));
    }

    /// <summary>A short description of the first non-demo data found, or null when there is none.</summary>
    private static async Task<string?> DescribeNonDemoDataAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var user = await ScalarAsync(connection, $"""
            SELECT u."UserName" FROM "AspNetUsers" AS u
            WHERE (u."NormalizedEmail" IS NULL OR u."NormalizedEmail" NOT LIKE '%@{NormalizedDomain}')
              AND NOT (
                EXISTS (SELECT 1 FROM "AspNetUserRoles" AS ur JOIN "AspNetRoles" AS r ON r."Id" = ur."RoleId"
                        WHERE ur."UserId" = u."Id" AND r."NormalizedName" = 'ADMIN')
                AND NOT EXISTS (SELECT 1 FROM login_logs AS l WHERE l.user_id = u."Id"))
            LIMIT 1
            """, cancellationToken);
        if (user is not null)
        {
            return $"user '{user}'";
        }

        var row = await ScalarAsync(connection, $"""
            SELECT id FROM login_logs
            WHERE NOT (user_id IN ({DemoUsersSql}) OR {DemoAnonymousRowSql(SqlDialect.For(connection))})
            LIMIT 1
            """, cancellationToken);
        return row is null ? null : $"login_logs row {row}";
    }

    /// <summary>Also starts the roll-ups and PostgreSQL's search index over: the rows deleted may lie anywhere in time, and their next passes take what is left.</summary>
    private static async Task DeletePreviousDemoDataAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await SqlDialect.For(connection).BeginChainWriteAsync(connection, cancellationToken);
        await LoginLogRollups.ResetAsync(connection, transaction, cancellationToken);
        await PostgreSqlSearchIndex.ForgetAllAsync(connection, transaction, cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            DELETE FROM login_logs WHERE user_id IN ({DemoUsersSql}) OR {DemoAnonymousRowSql(SqlDialect.For(connection))};
            DELETE FROM login_sessions WHERE user_id IN ({DemoUsersSql});
            DELETE FROM "AspNetUsers" WHERE "Id" IN ({DemoUsersSql});
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task InsertUsersAsync(DbConnection connection, DemoHistoryGenerator generator, CancellationToken cancellationToken)
    {
        var dialect = SqlDialect.For(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // No password hash: demo accounts exist to be looked at, never to sign in with.
        command.CommandText = """
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash",
                "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            VALUES (@id, @email, @normalized, @email, @normalized, TRUE, NULL, @stamp, @stamp, FALSE, @twoFactor, TRUE, 0)
            """;
        var id = command.AddParameter("@id");
        var email = command.AddParameter("@email");
        var normalized = command.AddParameter("@normalized");
        var stamp = command.AddParameter("@stamp");
        var twoFactor = command.AddParameter("@twoFactor");
        foreach (var user in generator.Users)
        {
            id.Value = dialect.UserId(user.Id);
            email.Value = user.Email;
            normalized.Value = user.Email.ToUpperInvariant();
            stamp.Value = user.Id.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
            twoFactor.Value = user.TwoFactor;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static readonly string[] EventColumns =
    [
        "user_id", "user_name", "event_type", "succeeded", "failure_reason", "error_code", "sign_in_method",
        "ip_address", "user_agent", "browser", "browser_version", "os", "os_version", "device_type", "device_brand",
        "device_model", "is_bot", "location", "suspicious", "session_id", "created_at",
        "country_code", "city", "latitude", "longitude", "suspicious_reasons", "asn", "as_org", "risk_level",
    ];

    /// <summary>PostgreSQL's types of <see cref="EventColumns"/>, for its binary COPY.</summary>
    private static readonly NpgsqlDbType[] EventColumnTypes =
    [
        NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar,
        NpgsqlDbType.Inet, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar,
        NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz,
        NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Double, NpgsqlDbType.Double, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar,
    ];

    /// <summary>
    /// On SQLite rows go in one prepared statement at a time, a transaction per batch; each batch ends with one statement that
    /// indexes its rows for search (<see cref="LoginLogSearchIndex"/>), because FTS5 writes a segment at every
    /// statement boundary and per-row indexing ran at 5k rows/s. On PostgreSQL each batch is one binary COPY: a
    /// prepared insert there is a round trip per row (~1,100 rows/s measured).
    /// </summary>
    private static async Task InsertEventsAsync(
        DbConnection connection, DemoHistoryGenerator generator, DemoDataOptions options,
        IProgress<DemoSeedProgress>? progress, CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await CopyEventsAsync(npgsql, generator, options, progress, cancellationToken);
            return;
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO login_logs ({string.Join(", ", EventColumns)}) VALUES ({string.Join(", ", EventColumns.Select(column => "@" + column))})";
        foreach (var column in EventColumns)
        {
            insert.AddParameter("@" + column);
        }

        var dialect = SqlDialect.For(connection);
        using var prepared = new SqlitePreparedInsert((SqliteConnection)connection, insert.CommandText);
        var events = generator.Events;
        for (var batchStart = 0; batchStart < events.Count; batchStart += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // As the audit writer's: the sealer must see ids in commit order.
            await using var transaction = await dialect.BeginAuditWriteAsync(connection, cancellationToken);
            var batchEnd = Math.Min(events.Count, batchStart + options.BatchSize);
            for (var i = batchStart; i < batchEnd; i++)
            {
                // The command holds the values (one mapping of a demo event to its columns, as PostgreSQL's copy uses); the
                // prepared statement binds them by position.
                BindEvent(insert.Parameters, events[i], generator, dialect);
                prepared.Insert(insert.Parameters);
            }

            await LoginLogSearchIndex.IndexNewRowsAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(new DemoSeedProgress(batchEnd, events.Count));
        }
    }

    private static async Task CopyEventsAsync(
        NpgsqlConnection connection, DemoHistoryGenerator generator, DemoDataOptions options,
        IProgress<DemoSeedProgress>? progress, CancellationToken cancellationToken)
    {
        // The values are bound as for an insert (one mapping of a demo event to its columns), then copied.
        await using var values = connection.CreateCommand();
        foreach (var column in EventColumns)
        {
            values.AddParameter("@" + column);
        }

        var copy = $"COPY login_logs ({string.Join(", ", EventColumns)}) FROM STDIN (FORMAT BINARY)";
        var events = generator.Events;
        for (var batchStart = 0; batchStart < events.Count; batchStart += options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = await SqlDialect.PostgreSql.BeginAuditWriteAsync(connection, cancellationToken);
            var batchEnd = Math.Min(events.Count, batchStart + options.BatchSize);
            await using (var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken))
            {
                for (var i = batchStart; i < batchEnd; i++)
                {
                    BindEvent(values.Parameters, events[i], generator, SqlDialect.PostgreSql);
                    await WriteRowAsync(importer, values.Parameters, EventColumnTypes, cancellationToken);
                }

                await importer.CompleteAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            progress?.Report(new DemoSeedProgress(batchEnd, events.Count));
        }
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter importer, DbParameterCollection values, NpgsqlDbType[] types, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        for (var column = 0; column < types.Length; column++)
        {
            if (values[column].Value is { } value and not DBNull)
            {
                await importer.WriteAsync(value, types[column], cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }
        }
    }

    private static void BindEvent(DbParameterCollection parameters, DemoEvent e, DemoHistoryGenerator generator, SqlDialect dialect)
    {
        var user = e.User >= 0 ? generator.Users[e.User] : null;
        var agent = DemoHistoryGenerator.Agents[e.Agent];
        var (ip, place) = generator.Addresses[e.Address];
        parameters[0].Value = dialect.UserId(user?.Id);
        parameters[1].Value = (object?)user?.Email ?? (object?)e.AttemptedName ?? DBNull.Value;
        parameters[2].Value = e.Type.ToString();
        parameters[3].Value = e.Type is LoginEventType.SignInSucceeded;
        parameters[4].Value = (object?)e.Reason?.ToString() ?? DBNull.Value;
        parameters[5].Value = (object?)e.ErrorCode ?? DBNull.Value;
        parameters[6].Value = (object?)e.Method?.ToString() ?? DBNull.Value;
        parameters[7].Value = dialect.IpAddress(ip);
        parameters[8].Value = agent.UserAgent;
        parameters[9].Value = agent.Browser;
        parameters[10].Value = agent.BrowserVersion;
        parameters[11].Value = agent.Os;
        parameters[12].Value = (object?)agent.OsVersion ?? DBNull.Value;
        parameters[13].Value = agent.DeviceType.ToString();
        parameters[14].Value = (object?)agent.DeviceBrand ?? DBNull.Value;
        parameters[15].Value = (object?)agent.DeviceModel ?? DBNull.Value;
        parameters[16].Value = agent.IsBot;
        parameters[17].Value = (object?)place?.Location ?? DBNull.Value;
        parameters[18].Value = e.Reasons != SuspicionReasons.None;
        parameters[19].Value = e.Session >= 0 ? generator.Sessions[e.Session].Id : DBNull.Value;

        // Bound as DateTime: Microsoft.Data.Sqlite writes the same sortable text EF writes.
        parameters[20].Value = new DateTime(e.Ticks, DateTimeKind.Utc);
        parameters[21].Value = (object?)place?.CountryCode ?? DBNull.Value;
        parameters[22].Value = (object?)place?.City ?? DBNull.Value;
        parameters[23].Value = place is null ? DBNull.Value : place.Latitude;
        parameters[24].Value = place is null ? DBNull.Value : place.Longitude;
        parameters[25].Value = (object?)SuspicionReasonList.Format(e.Reasons) ?? DBNull.Value;
        parameters[26].Value = place is null ? DBNull.Value : place.Asn;
        parameters[27].Value = (object?)place?.AsOrg ?? DBNull.Value;
        parameters[28].Value = e.Risk.ToString();
    }

    private static readonly string[] SessionColumns = ["session_id", "user_id", "user_name", "started_at", "expires_at", "ended_at", "ended_by"];

    private static readonly NpgsqlDbType[] SessionColumnTypes =
        [NpgsqlDbType.Varchar, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Varchar];

    /// <summary>As the events: a prepared statement per row on SQLite, one binary COPY on PostgreSQL.</summary>
    private async Task<int> InsertSessionsAsync(DbConnection connection, DemoHistoryGenerator generator, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var active = 0;
        var dialect = SqlDialect.For(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO login_sessions ({string.Join(", ", SessionColumns)}) VALUES ({string.Join(", ", SessionColumns.Select(column => "@" + column))})";
        foreach (var column in SessionColumns)
        {
            command.AddParameter("@" + column);
        }

        var importer = connection is NpgsqlConnection npgsql
            ? await npgsql.BeginBinaryImportAsync($"COPY login_sessions ({string.Join(", ", SessionColumns)}) FROM STDIN (FORMAT BINARY)", cancellationToken)
            : null;
        await using (importer)
        {
            var values = command.Parameters;
            foreach (var session in generator.Sessions)
            {
                var user = generator.Users[session.User];
                values[0].Value = session.Id;
                values[1].Value = dialect.UserId(user.Id);
                values[2].Value = user.Email;
                values[3].Value = new DateTime(session.StartTicks, DateTimeKind.Utc);
                values[4].Value = new DateTime(session.ExpiresTicks, DateTimeKind.Utc);
                values[5].Value = session.EndTicks is { } end ? new DateTime(end, DateTimeKind.Utc) : DBNull.Value;
                values[6].Value = (object?)session.EndedBy?.ToString() ?? DBNull.Value;
                if (importer is null)
                {
                    // Synchronous as the events' inserts.
                    command.ExecuteNonQuery();
                }
                else
                {
                    await WriteRowAsync(importer, values, SessionColumnTypes, cancellationToken);
                }

                if (session.EndTicks is null && session.ExpiresTicks > now.Ticks)
                {
                    active++;
                }
            }

            if (importer is not null)
            {
                await importer.CompleteAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return active;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
