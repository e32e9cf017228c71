using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.Sqlite;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using System.Data.Common;
using LoginAudit.Data.Live;
using LoginAudit.Data.Sessions;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace LoginAudit.Tests.Auditing;

/// <summary>Group commit on a real database: every write lands once, alone when it fails, searchable at once.</summary>
public class AuditWriterTests : OperationsTest
{
    public AuditWriterTests()
    {
    }

    protected AuditWriterTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    protected const string GroupOpener = "group-opener@example.com";

    private static readonly string UserOne = LoginLogSeed.UserId(1);

    protected LoginAuditRecorder Recorder => Services.GetRequiredService<LoginAuditRecorder>();

    protected AuditWriter Writer => Services.GetRequiredService<AuditWriter>();

    [DatabaseFact]
    public async Task ConcurrentWrites_EachLandsExactlyOnce_WithItsOwnId()
    {
        var events = Enumerable.Range(0, 100).Select(n => Failure($"concurrent{n}@example.com")).ToList();

        await Task.WhenAll(events.Select(auditEvent => Task.Run(() => Recorder.RecordAsync(auditEvent))));

        await using var db = Database.CreateDbContext();
        var names = await db.LoginLogs.Select(log => log.UserName).ToListAsync();
        Assert.Equal(events.Select(e => e.UserName).Order(), names.Order());
        Assert.Equal(100, await db.LoginLogs.Select(log => log.Id).Distinct().CountAsync());
    }

    [DatabaseFact]
    public async Task FailingWrite_InAGroupWithOthers_IsUndoneWholeAndAloneWhileTheOthersCommit()
    {
        await Database.AddAsync(LoginLogSeed.User(UserOne, "alice@example.com"));

        // The session insert fails after its sign-in row was inserted: the row must go too.
        await ExecuteAsync(Provider == DatabaseProvider.Sqlite
            ? "CREATE TRIGGER refuse_poison BEFORE INSERT ON login_sessions WHEN new.session_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poison refused'); END;"
            : """
              CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql
              AS $$ BEGIN IF NEW.session_id = 'poison' THEN RAISE EXCEPTION 'poison refused'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_poison BEFORE INSERT ON login_sessions FOR EACH ROW EXECUTE FUNCTION refuse_poison();
              """);

        var writes = await QueueAsOneGroupAsync(Enumerable.Range(0, 10).Select(n => (Func<Task>)(() =>
            Recorder.RecordSessionStartAsync(SignIn(n == 5 ? "poison" : $"session{n}"), DateTime.UtcNow.AddDays(1)))));

        var poison = writes[5];
        var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => poison);
        Assert.Contains("poison refused", refused.Message, StringComparison.Ordinal);
        await Task.WhenAll(writes.Where(write => write != poison));
        await using var db = Database.CreateDbContext();
        Assert.Equal(9, await db.LoginSessions.CountAsync());
        Assert.Equal(9, await db.LoginLogs.CountAsync(log => log.SessionId != null));
        Assert.False(await db.LoginLogs.AnyAsync(log => log.SessionId == "poison"));
    }

    [DatabaseFact]
    public async Task FailingFirstStatement_ThatCarriesTheSavepoint_IsUndoneAloneWhileTheOthersCommit()
    {
        // Without a request a failure needs no detection read: the row's insert is the write's first statement, the one
        // PostgreSQL's writer sends in one batch with the savepoint (and the previous write's release).
        await RefuseRowsOfAsync("poison@example.com");

        var names = Enumerable.Range(0, 10).Select(n => n == 5 ? "poison@example.com" : $"first{n}@example.com").ToList();
        var writes = await QueueAsOneGroupAsync(names.Select(name => (Func<Task>)(() => Recorder.RecordAsync(Failure(name)))));

        var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => writes[5]);
        Assert.Contains("poison refused", refused.Message, StringComparison.Ordinal);
        await Task.WhenAll(writes.Where(write => write != writes[5]));
        await using var db = Database.CreateDbContext();
        Assert.Equal(
            names.Where(name => name != "poison@example.com").Prepend(GroupOpener).Order(),
            (await db.LoginLogs.Select(log => log.UserName!).ToListAsync()).Order());
    }

    [SqliteFact]
    public async Task FailingOneChangeWrite_RefusedByAUniqueIndex_IsUndoneAloneWhileTheOthersCommit()
    {
        // No trigger: SQLite checks the constraint before it changes a page, and the write has no savepoint of its own.
        await ExecuteAsync("CREATE UNIQUE INDEX ix_one_twin ON login_logs (user_name) WHERE user_name = 'twin@example.com'");

        var names = new[] { "one0@example.com", "twin@example.com", "one1@example.com", "twin@example.com", "one2@example.com" };
        var writes = await QueueAsOneGroupAsync(names.Select(name => (Func<Task>)(() => Recorder.RecordAsync(Failure(name)))));

        await Assert.ThrowsAnyAsync<DbException>(() => writes[3]);
        await Task.WhenAll(writes.Where(write => write != writes[3]));
        await using var db = Database.CreateDbContext();
        Assert.Equal(
            [GroupOpener, "one0@example.com", "one1@example.com", "one2@example.com", "twin@example.com"],
            (await db.LoginLogs.Select(log => log.UserName!).ToListAsync()).Order());
    }

    [DatabaseFact]
    public async Task OneChangeWrite_ThatChangesASecondTime_FailsItsGroupLoudly_AndKeepsNeitherChange()
    {
        await Database.AddAsync(LoginLogSeed.User(UserOne, "alice@example.com"));
        var sessionStart = new LoginSession { SessionId = "declared-one", UserId = UserOne, UserName = "alice@example.com", StartedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddDays(1) };
        var writes = await QueueAsOneGroupAsync([
            () => Recorder.RecordAsync(Failure("neighbour@example.com")),
            () => Writer.WriteAsync(
                async store =>
                {
                    await store.InsertAsync(sessionStart);
                    await store.ExtendSessionAsync(sessionStart.SessionId, sessionStart.ExpiresAt.AddDays(1));
                    return true;
                },
                AuditChanges.One),
        ]);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
        Assert.Contains("declared as one change", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => writes[0]);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM login_sessions"));
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM login_logs"));
    }

    [DatabaseFact]
    public async Task SprayingInOneGroup_WithARolledBackFailure_FlagsOnlyFromTheTenthCommittedName()
    {
        // The spraying count is answered from the group's own failures once they hold enough names: a failure rolled
        // back after its insert must leave that count, or the ninth committed name would be flagged.
        const string address = "203.0.113.80";
        await SprayInOneGroupWithTheFourthRolledBackAsync(address, names: 11);

        Assert.Equal(["spray10@example.com"], await FlaggedNamesAsync(address));
        await using var db = Database.CreateDbContext();
        Assert.Equal(10, await db.LoginLogs.CountAsync(log => log.IpAddress == address));
    }

    [DatabaseFact]
    public async Task SprayingAcrossGroups_WithARolledBackFailure_FlagsOnlyFromTheTenthCommittedName()
    {
        // Later groups count the failures of earlier ones without reading: a failure rolled back after its insert must not
        // be among them, or the ninth committed name would be flagged.
        const string address = "203.0.113.82";
        await SprayInOneGroupWithTheFourthRolledBackAsync(address, names: 9);

        Services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
        await Recorder.RecordAsync(Failure("spray9@example.com"));
        await Recorder.RecordAsync(Failure("spray10@example.com"));

        Assert.Equal(["spray10@example.com"], await FlaggedNamesAsync(address));
    }

    [DatabaseFact]
    public async Task SprayingAcrossGroups_FailuresOlderThanTheWindow_AreNotCounted()
    {
        const string address = "203.0.113.83";
        var longAgo = DateTime.UtcNow - TimeSpan.FromMinutes(20);
        for (var n = 0; n < 9; n++)
        {
            var old = new LoginLog { EventType = LoginEventType.SignInFailed, UserName = $"old{n}@example.com", IpAddress = address, CreatedAt = longAgo };
            await Writer.WriteAsync<bool>(async store =>
            {
                await store.InsertAsync(old);
                return true;
            });
        }

        Services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
        await Recorder.RecordAsync(Failure("recent@example.com"));

        Assert.Empty(await FlaggedNamesAsync(address));
    }

    [DatabaseFact]
    public async Task SprayingAcrossGroups_TheSameNameInAnotherCase_IsNotAnotherName()
    {
        const string address = "203.0.113.84";
        Services.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
        for (var n = 0; n < 9; n++)
        {
            await Recorder.RecordAsync(Failure($"spray{n}@example.com"));
        }

        await Recorder.RecordAsync(Failure("SPRAY0@example.com"));
        await Recorder.RecordAsync(Failure("spray9@example.com"));

        Assert.Equal(["spray9@example.com"], await FlaggedNamesAsync(address));
    }

    [DatabaseFact]
    public async Task WriteThatEndsTheWholeTransaction_FailsItsGroupLoudly_AndTheNextWriteSucceeds()
    {
        // PostgreSQL: the write's server process ends itself, connection and transaction with it.
        await ExecuteAsync(Provider == DatabaseProvider.Sqlite
            ? "CREATE TRIGGER refuse_all BEFORE INSERT ON login_logs WHEN new.user_name = 'rollback@example.com' BEGIN SELECT RAISE(ROLLBACK, 'whole transaction refused'); END;"
            : """
              CREATE FUNCTION refuse_all() RETURNS trigger LANGUAGE plpgsql
              AS $$ BEGIN IF NEW.user_name = 'rollback@example.com' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_all BEFORE INSERT ON login_logs FOR EACH ROW EXECUTE FUNCTION refuse_all();
              """);

        var writes = await QueueAsOneGroupAsync(new[] { "before@example.com", "rollback@example.com", "after@example.com" }
            .Select(name => (Func<Task>)(() => Recorder.RecordAsync(Failure(name)))));

        // Every write of the group hears that it was not written: none is lost silently.
        foreach (var write in writes)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => write);
        }

        await Recorder.RecordAsync(Failure("later@example.com"));
        await using var db = Database.CreateDbContext();
        Assert.Equal([GroupOpener, "later@example.com"], await db.LoginLogs.OrderBy(log => log.Id).Select(log => log.UserName).ToListAsync());
    }

    [SqliteFact]
    public async Task WrittenRow_IsSearchableAsSoonAsTheWriteReturns()
    {
        await Recorder.RecordAsync(Failure("findme-now@example.com"));

        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM login_logs_fts WHERE login_logs_fts MATCH '{LoginLogSearch.ToFtsQuery("findme-now")}'"));
    }

    [DatabaseFact]
    public async Task Dispose_WithWritesQueued_CommitsThemAllFirst()
    {
        var writes = Enumerable.Range(0, 50).Select(n => Recorder.RecordAsync(Failure($"draining{n}@example.com"))).ToList();

        await Writer.DisposeAsync();

        await Task.WhenAll(writes);
        Assert.Equal(50L, await ScalarAsync("SELECT count(*) FROM login_logs"));
    }

    [DatabaseFact]
    public async Task Write_AfterDispose_IsRefusedWithAClearError()
    {
        await Writer.DisposeAsync();

        var refused = await Assert.ThrowsAsync<ObjectDisposedException>(() => Recorder.RecordAsync(Failure("late@example.com")));
        Assert.Contains("stopping", refused.Message, StringComparison.Ordinal);
    }

    [SqliteFact]
    public async Task ManyGroups_TheWalIsCheckpointedIntoTheDatabaseFileBesideTheWriter()
    {
        var before = new FileInfo(Database.FilePath).Length;

        for (var n = 0; n < WalCheckpointer.GroupsBetweenCheckpoints * 3; n++)
        {
            await Recorder.RecordAsync(Failure($"checkpoint{n}@example.com"));
        }

        await Writer.LastCheckpoint;
        Assert.True(new FileInfo(Database.FilePath).Length > before, "No checkpoint copied the new rows into the database file.");
    }

    /// <summary>
    /// Starts the writes while the writer waits for a write lock another connection holds (PostgreSQL: the audit writes'
    /// advisory lock, as the sealer takes it), with one write of its own taken before them, so that they queue and are
    /// committed as one group when the lock is released.
    /// </summary>
    protected async Task<Task[]> QueueAsOneGroupAsync(IEnumerable<Func<Task>> writes)
    {
        await using var locker = await Database.OpenConnectionAsync();
        await using var transaction = locker is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : await locker.BeginTransactionAsync();
        if (Provider == DatabaseProvider.PostgreSQL)
        {
            await using var take = locker.CreateCommand();
            take.Transaction = transaction;
            take.CommandText = $"SELECT pg_advisory_xact_lock({SqlDialect.PostgreSqlAuditWriteLock})";
            await take.ExecuteNonQueryAsync();
        }

        var opener = Recorder.RecordAsync(Failure(GroupOpener));
        await Task.Delay(200);
        var started = writes.Select(write => write()).ToArray();
        await Task.Delay(200);
        await transaction.RollbackAsync();
        await opener;
        return started;
    }

    /// <summary>A trigger that refuses the rows of <paramref name="userName"/> with "poison refused", failing the statement only.</summary>
    protected Task RefuseRowsOfAsync(string userName) => ExecuteAsync(Provider == DatabaseProvider.Sqlite
        ? $"CREATE TRIGGER refuse_poison_rows BEFORE INSERT ON login_logs WHEN new.user_name = '{userName}' BEGIN SELECT RAISE(ABORT, 'poison refused'); END;"
        : $"""
          CREATE FUNCTION refuse_poison_rows() RETURNS trigger LANGUAGE plpgsql
          AS $$ BEGIN IF NEW.user_name = '{userName}' THEN RAISE EXCEPTION 'poison refused'; END IF; RETURN NEW; END $$;
          CREATE TRIGGER refuse_poison_rows BEFORE INSERT ON login_logs FOR EACH ROW EXECUTE FUNCTION refuse_poison_rows();
          """);

    /// <summary>
    /// Failures of <c>spray0</c> to <c>spray{names - 1}</c> from <paramref name="address"/> in one group, <c>spray3</c>'s
    /// rolled back after its insert.
    /// </summary>
    private async Task SprayInOneGroupWithTheFourthRolledBackAsync(string address, int names)
    {
        var request = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
        var rolledBack = new LoginLog { EventType = LoginEventType.SignInFailed, UserName = "spray3@example.com", IpAddress = address, CreatedAt = DateTime.UtcNow };
        var writes = await QueueAsOneGroupAsync(Enumerable.Range(0, names).Select(n => (Func<Task>)(() =>
        {
            Services.GetRequiredService<IHttpContextAccessor>().HttpContext = request;
            return n == 3
                ? Writer.WriteAsync<bool>(async store =>
                {
                    await store.InsertAsync(rolledBack);
                    throw new InvalidOperationException("refused after its insert");
                })
                : Recorder.RecordAsync(Failure($"spray{n}@example.com"));
        })));

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[3]);
        await Task.WhenAll(writes.Where(write => write != writes[3]));
    }

    private async Task<List<string?>> FlaggedNamesAsync(string address)
    {
        await using var db = Database.CreateDbContext();
        return await db.LoginLogs.Where(log => log.IpAddress == address && log.Suspicious).OrderBy(log => log.Id).Select(log => log.UserName).ToListAsync();
    }

    private static AuditEvent SignIn(string sessionId) =>
        new(LoginEventType.SignInSucceeded) { UserId = UserOne, UserName = "alice@example.com", SignInMethod = SignInMethod.Password, SessionId = sessionId };

    protected static AuditEvent Failure(string userName) =>
        AuditEvent.Failure(LoginFailureReason.InvalidPassword, SignInMethod.Password) with { UserName = userName };

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

[OnPostgreSql]
public sealed class AuditWriterOnPostgreSqlTests() : AuditWriterTests(DatabaseProvider.PostgreSQL)
{
    [DatabaseFact]
    public async Task SprayingReads_OnceTheirStatementIsPrepared_RunOnItsGenericPlanOnly()
    {
        // Planned for its values, the read of an attack newer than the table's statistics was estimated at one row and
        // read every failure of the address in the window at every write; its generic plan walks the ordered index.
        var request = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("203.0.113.81") } };
        for (var n = 0; n < 12; n++)
        {
            Services.GetRequiredService<IHttpContextAccessor>().HttpContext = request;
            await Recorder.RecordAsync(Failure($"planned{n}@example.com"));
        }

        var (generic, custom) = await Writer.WriteAsync<(long, long)>(async store =>
        {
            var (connection, transaction) = store.Session;
            await using var plans = connection.CreateCommand();
            plans.Transaction = transaction;
            plans.CommandText = "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%SELECT DISTINCT user_name FROM login_logs%'";
            await using var reader = await plans.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "The spraying read was not prepared.");
            return (reader.GetInt64(0), reader.GetInt64(1));
        });

        Assert.True(generic > 0, $"{generic} generic plans");
        Assert.Equal(0, custom);
    }

    [DatabaseFact]
    public async Task GroupWithARolledBackWrite_NotifiesTheIdsOfTheCommittedRowsOnly()
    {
        await RefuseRowsOfAsync("poison@example.com");
        var notified = new List<long>();
        await using var listener = new NpgsqlConnection(Database.ConnectionString);
        await listener.OpenAsync();
        listener.Notification += (_, notification) =>
        {
            lock (notified)
            {
                notified.AddRange(notification.Payload.Split(',').Select(long.Parse));
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresEventNotifications.DefaultChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        // Failures without a request: each write's insert goes in one batch with its savepoint and the previous release.
        var writes = await QueueAsOneGroupAsync(Enumerable.Range(0, 6).Select(n => (Func<Task>)(() =>
            Recorder.RecordAsync(n == 3 ? Failure("poison@example.com") : Failure($"notified{n}@example.com")))));
        await Assert.ThrowsAnyAsync<DbException>(() => writes[3]);
        await Task.WhenAll(writes.Where(write => write != writes[3]));

        await using var db = Database.CreateDbContext();
        var committed = await db.LoginLogs.OrderBy(log => log.Id).Select(log => log.Id).ToListAsync();
        await Eventually.HoldsAsync(
            async () =>
            {
                await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
                lock (notified)
                {
                    return notified.Count >= committed.Count;
                }
            },
            TimeSpan.FromSeconds(15),
            () => $"told {notified.Count} of {committed.Count} ids");
        lock (notified)
        {
            Assert.Equal(committed, notified.Order());
        }
    }
}
