using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Sqlite;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Auditing;

/// <summary>Group commit on a real SQLite file: every write lands once, alone when it fails, searchable at once.</summary>
public sealed class AuditWriterTests : OperationsTest
{
    private const string GroupOpener = "group-opener@example.com";

    private LoginAuditRecorder Recorder => Services.GetRequiredService<LoginAuditRecorder>();

    private AuditWriter Writer => Services.GetRequiredService<AuditWriter>();

    [Fact]
    public async Task ConcurrentWrites_EachLandsExactlyOnce_WithItsOwnId()
    {
        var events = Enumerable.Range(0, 100).Select(n => Failure($"concurrent{n}@example.com")).ToList();

        await Task.WhenAll(events.Select(auditEvent => Task.Run(() => Recorder.RecordAsync(auditEvent))));

        await using var db = Database.CreateDbContext();
        var names = await db.LoginLogs.Select(log => log.UserName).ToListAsync();
        Assert.Equal(events.Select(e => e.UserName).Order(), names.Order());
        Assert.Equal(100, await db.LoginLogs.Select(log => log.Id).Distinct().CountAsync());
    }

    [Fact]
    public async Task FailingWrite_InAGroupWithOthers_IsUndoneWholeAndAloneWhileTheOthersCommit()
    {
        await Database.AddAsync(LoginLogSeed.User("user-1", "alice@example.com"));

        // The session insert fails after its sign-in row was inserted: the row must go too.
        await ExecuteAsync("CREATE TRIGGER refuse_poison BEFORE INSERT ON login_sessions WHEN new.session_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poison refused'); END;");

        var writes = await QueueAsOneGroupAsync(Enumerable.Range(0, 10).Select(n => (Func<Task>)(() =>
            Recorder.RecordSessionStartAsync(SignIn(n == 5 ? "poison" : $"session{n}"), DateTime.UtcNow.AddDays(1)))));

        var poison = writes[5];
        var refused = await Assert.ThrowsAsync<SqliteException>(() => poison);
        Assert.Contains("poison refused", refused.Message, StringComparison.Ordinal);
        await Task.WhenAll(writes.Where(write => write != poison));
        await using var db = Database.CreateDbContext();
        Assert.Equal(9, await db.LoginSessions.CountAsync());
        Assert.Equal(9, await db.LoginLogs.CountAsync(log => log.SessionId != null));
        Assert.False(await db.LoginLogs.AnyAsync(log => log.SessionId == "poison"));
    }

    [Fact]
    public async Task WriteThatEndsTheWholeTransaction_FailsItsGroupLoudly_AndTheNextWriteSucceeds()
    {
        await ExecuteAsync("CREATE TRIGGER refuse_all BEFORE INSERT ON login_logs WHEN new.user_name = 'rollback@example.com' BEGIN SELECT RAISE(ROLLBACK, 'whole transaction refused'); END;");

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

    [Fact]
    public async Task WrittenRow_IsSearchableAsSoonAsTheWriteReturns()
    {
        await Recorder.RecordAsync(Failure("findme-now@example.com"));

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM login_logs_fts WHERE login_logs_fts MATCH '\"findme-now\"'"));
    }

    [Fact]
    public async Task Dispose_WithWritesQueued_CommitsThemAllFirst()
    {
        var writes = Enumerable.Range(0, 50).Select(n => Recorder.RecordAsync(Failure($"draining{n}@example.com"))).ToList();

        await Writer.DisposeAsync();

        await Task.WhenAll(writes);
        Assert.Equal(50L, await ScalarAsync("SELECT count(*) FROM login_logs"));
    }

    [Fact]
    public async Task Write_AfterDispose_IsRefusedWithAClearError()
    {
        await Writer.DisposeAsync();

        var refused = await Assert.ThrowsAsync<ObjectDisposedException>(() => Recorder.RecordAsync(Failure("late@example.com")));
        Assert.Contains("stopping", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
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
    /// Starts the writes while the writer waits for a write lock another connection holds, with one write of its own
    /// taken before them, so that they queue and are committed as one group when the lock is released.
    /// </summary>
    private async Task<Task[]> QueueAsOneGroupAsync(IEnumerable<Func<Task>> writes)
    {
        await using var locker = new SqliteConnection(Database.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = locker.BeginTransaction(deferred: false);
        var opener = Recorder.RecordAsync(Failure(GroupOpener));
        await Task.Delay(200);
        var started = writes.Select(write => write()).ToArray();
        await Task.Delay(200);
        await transaction.RollbackAsync();
        await opener;
        return started;
    }

    private static AuditEvent SignIn(string sessionId) =>
        new(LoginEventType.SignInSucceeded) { UserId = "user-1", UserName = "alice@example.com", SignInMethod = SignInMethod.Password, SessionId = sessionId };

    private static AuditEvent Failure(string userName) =>
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
