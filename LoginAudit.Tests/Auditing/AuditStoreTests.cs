using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.Sqlite;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Auditing;

/// <summary>The writer's plain SQL stores every value exactly as EF Core stores it, so EF reads and filters these rows like its own.</summary>
public class AuditStoreTests : OperationsTest
{
    public AuditStoreTests()
    {
    }

    protected AuditStoreTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    private static readonly DateTime At = new DateTime(2026, 11, 18, 12, 34, 56, DateTimeKind.Utc).AddTicks(1_234_567);


    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.AddAsync(LoginLogSeed.User(LoginLogSeed.AliceId, "alice@example.com"));
    }

    [SqliteFact]
    public async Task InsertedRow_HasTheSameColumnValuesAndTypesAsTheSameRowSavedByEfCore()
    {
        var byEf = FullRow();
        await using (var db = Database.CreateDbContext())
        {
            db.LoginLogs.Add(byEf);
            await db.SaveChangesAsync();
        }

        var byStore = FullRow();
        await using (var connection = await Database.OpenConnectionAsync())
        await using (var store = new AuditStore(connection))
        {
            await store.InsertAsync(byStore);
        }

        Assert.NotEqual(byEf.Id, byStore.Id);
        Assert.Equal(await ColumnsAsync("login_logs", "id", byEf.Id), await ColumnsAsync("login_logs", "id", byStore.Id));
    }

    [DatabaseFact]
    public async Task InsertedRow_ReadsBackThroughEfCoreWithEveryProperty()
    {
        var row = FullRow();
        await using (var connection = await Database.OpenConnectionAsync())
        await using (var store = new AuditStore(connection))
        {
            await store.InsertAsync(row);
        }

        await using var db = Database.CreateDbContext();
        var read = await db.LoginLogs.AsNoTracking().SingleAsync(log => log.Id == row.Id);
        if (Provider == DatabaseProvider.PostgreSQL)
        {
            // timestamptz keeps microseconds (README, "Databases").
            row.CreatedAt = row.CreatedAt.AddTicks(-(row.CreatedAt.Ticks % 10));
        }

        Assert.Equivalent(row, read, strict: true);
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
    }

    [SqliteFact]
    public async Task StartedAndEndedSession_HasTheSameColumnValuesAsOneWrittenByEfCore()
    {
        await using (var db = Database.CreateDbContext())
        {
            db.LoginSessions.Add(new LoginSession { SessionId = "by-ef", UserId = LoginLogSeed.AliceId, UserName = "alice@example.com", StartedAt = At, ExpiresAt = At.AddDays(14), EndedAt = At.AddHours(1), EndedBy = LoginEventType.SignedOut });
            await db.SaveChangesAsync();
        }

        await using (var connection = await Database.OpenConnectionAsync())
        await using (var store = new AuditStore(connection))
        {
            await store.InsertAsync(new LoginSession { SessionId = "by-store", UserId = LoginLogSeed.AliceId, UserName = "alice@example.com", StartedAt = At, ExpiresAt = At.AddDays(1) });
            await store.ExtendSessionAsync("by-store", At.AddDays(14));
            Assert.True(await store.EndSessionAsync("by-store", At.AddHours(1), LoginEventType.SignedOut));
            Assert.False(await store.EndSessionAsync("by-store", At.AddHours(2), LoginEventType.SessionExpired));
        }

        var byEf = await ColumnsAsync("login_sessions", "session_id", "by-ef");
        var byStore = await ColumnsAsync("login_sessions", "session_id", "by-store");
        Assert.Equal(byEf.Where(column => column.Name != "session_id"), byStore.Where(column => column.Name != "session_id"));
    }

    private static LoginLog FullRow() => new()
    {
        UserId = LoginLogSeed.AliceId,
        UserName = "alice@example.com",
        EventType = LoginEventType.SignInFailed,
        Succeeded = false,
        FailureReason = LoginFailureReason.InvalidPassword,
        ErrorCode = "SomeCode",
        SignInMethod = SignInMethod.Password,
        IpAddress = "2001:db8::1",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        Browser = "Firefox",
        BrowserVersion = "133.0",
        Os = "Linux",
        OsVersion = "6",
        DeviceType = DeviceType.Desktop,
        DeviceBrand = "Brand",
        DeviceModel = "Model",
        IsBot = true,
        Location = "Berlin, Germany",
        CountryCode = "DE",
        City = "Berlin",
        Latitude = 52.5244,
        Longitude = 13.4105,
        Suspicious = true,
        SuspiciousReasons = "BruteForce,BotUserAgent",
        SessionId = "0123456789abcdef0123456789abcdef",
        CreatedAt = At,
    };

    /// <summary>Every column but <c>id</c>, with its SQLite storage class and its value as stored.</summary>
    private async Task<List<(string Name, string Type, string? Value)>> ColumnsAsync(string table, string key, object id)
    {
        await using var connection = await Database.OpenConnectionAsync();
        var names = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'id' ORDER BY cid";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", names.Select(name => $"typeof({name}), CAST({name} AS TEXT)"))} FROM {table} WHERE {key} = $id";
        command.AddParameter("$id", id);
        await using var row = await command.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        return [.. names.Select((name, i) => (name, row.GetString(2 * i), row.IsDBNull((2 * i) + 1) ? null : row.GetString((2 * i) + 1)))];
    }
}

[OnPostgreSql]
public sealed class AuditStoreOnPostgreSqlTests() : AuditStoreTests(DatabaseProvider.PostgreSQL);
