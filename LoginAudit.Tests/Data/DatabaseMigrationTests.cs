using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Data;

public sealed class DatabaseMigrationTests
{
    [Fact]
    public async Task Migrate_NewFile_CreatesLoginLogsWithSnakeCaseColumnsAndWal()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        var columns = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info('login_logs')").ToListAsync();
        var journalMode = await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();

        Assert.Superset(
            new HashSet<string>
            {
                "id", "user_id", "user_name", "event_type", "succeeded", "failure_reason", "error_code", "ip_address",
                "user_agent", "browser", "browser_version", "os", "os_version", "device_type", "device_brand",
                "device_model", "is_bot", "location", "suspicious", "session_id", "created_at",
            },
            columns.ToHashSet());
        Assert.Equal("wal", journalMode);
    }

    [Fact]
    public async Task Insert_RowWithoutSuspicious_StoresFalseAndEnumsAsText()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            db.LoginLogs.Add(new LoginLog
            {
                UserName = "nobody@example.com",
                EventType = LoginEventType.SignInFailed,
                FailureReason = LoginFailureReason.UnknownUser,
                CreatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
        }

        await using var read = database.CreateDbContext();
        var raw = await read.Database
            .SqlQueryRaw<string>("SELECT event_type || '|' || failure_reason || '|' || suspicious || '|' || device_type AS Value FROM login_logs")
            .SingleAsync();
        var row = await read.LoginLogs.SingleAsync();

        Assert.Equal("SignInFailed|UnknownUser|0|Other", raw);
        Assert.Equal(DateTimeKind.Utc, row.CreatedAt.Kind);
        Assert.Null(row.UserId);
    }
}
