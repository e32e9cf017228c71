using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.DemoData;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.DemoData;

public sealed class DemoDataSeederTests
{
    private static readonly DemoDataOptions Small = new() { Events = 2_000, Users = 12, Days = 10, BatchSize = 700 };

    [Fact]
    public async Task Seed_EmptyDatabase_WritesExactlyTheEventsAndConsistentSessions()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Now);

        var result = await new DemoDataSeeder(database, clock).SeedAsync(Small);

        await using var db = database.CreateDbContext();
        Assert.Equal(2_000, result.Events);
        Assert.Equal(2_000, await db.LoginLogs.CountAsync());
        Assert.True(result.RowsPerSecond > 0);

        var users = await db.Users.ToListAsync();
        Assert.Equal(12, users.Count);
        Assert.All(users, user =>
        {
            Assert.EndsWith("@" + DemoDataSeeder.EmailDomain, user.Email);
            Assert.Null(user.PasswordHash);
            Assert.Equal(user.Email!.ToUpperInvariant(), user.NormalizedEmail);
            Assert.Equal(user.UserName!.ToUpperInvariant(), user.NormalizedUserName);
        });

        var logs = await db.LoginLogs.AsNoTracking().ToListAsync();
        var sessions = await db.LoginSessions.AsNoTracking().ToDictionaryAsync(session => session.SessionId);
        var signIns = logs.Where(log => log.EventType == LoginEventType.SignInSucceeded).ToList();
        var endings = logs.Where(log => log.EventType is LoginEventType.SignedOut or LoginEventType.SessionExpired or LoginEventType.SessionRevoked).ToList();

        Assert.Equal(signIns.Count, sessions.Count);
        Assert.Equal(result.Sessions, sessions.Count);
        Assert.All(signIns, signIn =>
        {
            var session = sessions[signIn.SessionId!];
            Assert.Equal(signIn.UserId, session.UserId);
            Assert.Equal(signIn.CreatedAt, session.StartedAt);
        });
        Assert.All(endings, ending =>
        {
            var session = sessions[ending.SessionId!];
            Assert.Equal(ending.UserId, session.UserId);
            Assert.Equal(ending.CreatedAt, session.EndedAt);
            Assert.Equal(ending.EventType, session.EndedBy);
            Assert.True(ending.CreatedAt > session.StartedAt);
        });
        Assert.Equal(sessions.Values.Count(session => session.EndedAt is not null), endings.Count);
        Assert.Equal(result.ActiveSessions, sessions.Values.Count(session => session.EndedAt is null && session.ExpiresAt > Now));

        Assert.All(logs, log => Assert.InRange(log.CreatedAt, Now.AddDays(-10), Now));
        Assert.Equal(logs.OrderBy(log => log.CreatedAt).ThenBy(log => log.Id).Select(log => log.Id), logs.OrderBy(log => log.Id).Select(log => log.Id));
        Assert.Contains(logs, log => log.FailureReason == LoginFailureReason.UnknownUser && log.UserId is null && log.UserName is not null);
        Assert.Contains(logs, log => log.EventType == LoginEventType.LockedOut);
        Assert.Contains(logs, log => log.Suspicious);
        Assert.All(logs, log => Assert.False(string.IsNullOrEmpty(log.Browser)));
        Assert.All(logs.Where(log => log.IsBot), log => Assert.NotEqual(LoginAudit.Data.UserAgents.DeviceType.Mobile, log.DeviceType));
    }

    [Fact]
    public async Task Seed_MoreRowsThanSQLiteSamples_LeavesExactPlannerStatistics()
    {
        await using var database = await TemporaryDatabase.CreateAsync();

        await new DemoDataSeeder(database, new FakeTimeProvider(Now)).SeedAsync(Small with { Events = 6_000 });

        await using var db = database.CreateDbContext();
        var rows = await db.LoginLogs.LongCountAsync();
        var eventTypes = await db.LoginLogs.Select(log => log.EventType).Distinct().LongCountAsync();
        var stat = await db.Database.SqlQuery<string>(
            $"SELECT stat AS \"Value\" FROM sqlite_stat1 WHERE idx = 'ix_login_logs_event_type_created_at'").SingleAsync();
        // SQLite's average rows per leading value, rounded up: what the planner believes an event type filter keeps.
        Assert.Equal($"{rows} {(rows + eventTypes - 1) / eventTypes}", string.Join(' ', stat.Split(' ').Take(2)));
    }

    [Fact]
    public async Task Seed_SameSeedAndClock_IsReproducible()
    {
        await using var first = await TemporaryDatabase.CreateAsync();
        await using var second = await TemporaryDatabase.CreateAsync();
        var options = Small with { Events = 300 };

        await new DemoDataSeeder(first, new FakeTimeProvider(Now)).SeedAsync(options);
        await new DemoDataSeeder(second, new FakeTimeProvider(Now)).SeedAsync(options);

        static async Task<List<string>> Rows(TemporaryDatabase database)
        {
            await using var db = database.CreateDbContext();
            return await db.LoginLogs.OrderBy(log => log.Id)
                .Select(log => log.EventType + "|" + log.UserName + "|" + log.IpAddress + "|" + log.SessionId + "|" + log.CreatedAt)
                .ToListAsync();
        }

        Assert.Equal(await Rows(first), await Rows(second));
    }

    [Fact]
    public async Task Seed_DatabaseWithARealUser_RefusesWithoutForce()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(User("u-real", "someone@example.com"));

        var refused = await Assert.ThrowsAsync<DemoDataRefusedException>(() => new DemoDataSeeder(database, new FakeTimeProvider(Now)).SeedAsync(Small));

        Assert.Contains("someone@example.com", refused.Message);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.LoginLogs.CountAsync());
    }

    [Fact]
    public async Task Seed_DatabaseWithARealRowWithoutUser_RefusesWithoutForce()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(Log(LoginEventType.SignInFailed, Now.AddHours(-1), userName: "root", ip: "93.184.216.34"));

        await Assert.ThrowsAsync<DemoDataRefusedException>(() => new DemoDataSeeder(database, new FakeTimeProvider(Now)).SeedAsync(Small));
    }

    [Fact]
    public async Task Seed_AdminWithoutRows_IsAllowed_ButAnAdminWhoSignedInIsNot()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var admin = User("u-admin", "admin@example.com");
        var role = new IdentityRole("Admin") { Id = "r-admin", NormalizedName = "ADMIN" };
        await database.AddAsync(admin, role, new IdentityUserRole<string> { UserId = admin.Id, RoleId = role.Id });
        var seeder = new DemoDataSeeder(database, new FakeTimeProvider(Now));

        await seeder.SeedAsync(Small with { Events = 100 });
        await database.AddAsync(Log(LoginEventType.SignInSucceeded, Now, admin.Id, admin.Email, sessionId: "admin-1"));

        await Assert.ThrowsAsync<DemoDataRefusedException>(() => seeder.SeedAsync(Small with { Events = 100 }));
    }

    [Fact]
    public async Task Seed_Force_KeepsRealDataAndReplacesEarlierDemoData()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(User("u-real", "someone@example.com"));
        await database.AddAsync(Log(LoginEventType.SignInFailed, Now.AddHours(-1), "u-real", "someone@example.com", ip: "93.184.216.34"));
        var seeder = new DemoDataSeeder(database, new FakeTimeProvider(Now));

        await seeder.SeedAsync(Small with { Events = 500, Force = true });
        await seeder.SeedAsync(Small with { Events = 300, Force = true });

        await using var db = database.CreateDbContext();
        Assert.Equal(301, await db.LoginLogs.CountAsync());
        Assert.Equal(1, await db.LoginLogs.CountAsync(log => log.UserId == "u-real"));
        Assert.Equal(13, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Seed_DemoOnlyDatabase_IsReplacedWithoutForce()
    {
        await using var database = await TemporaryDatabase.CreateAsync();
        var seeder = new DemoDataSeeder(database, new FakeTimeProvider(Now));

        await seeder.SeedAsync(Small with { Events = 400 });
        await seeder.SeedAsync(Small with { Events = 250 });

        await using var db = database.CreateDbContext();
        Assert.Equal(250, await db.LoginLogs.CountAsync());
        Assert.Equal(db.LoginLogs.Count(log => log.EventType == LoginEventType.SignInSucceeded), await db.LoginSessions.CountAsync());
    }
}

/// <summary>PostgreSQL's binary COPY writes what SQLite's prepared inserts write, row for row.</summary>
[OnPostgreSql]
public sealed class DemoDataSeederOnPostgreSqlTests
{
    [DatabaseFact]
    public async Task Seed_OnPostgreSql_WritesTheRowsAndSessionsSqliteGets()
    {
        await using var sqlite = await TemporaryDatabase.CreateAsync();
        await using var postgreSql = await TemporaryDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        var options = new DemoDataOptions { Events = 2_000, Users = 12, Days = 10, BatchSize = 700 };

        var onSqlite = await new DemoDataSeeder(sqlite, new FakeTimeProvider(Now)).SeedAsync(options);
        var onPostgreSql = await new DemoDataSeeder(postgreSql, new FakeTimeProvider(Now)).SeedAsync(options);

        Assert.Equal(onSqlite with { Elapsed = default, RowsPerSecond = 0 }, onPostgreSql with { Elapsed = default, RowsPerSecond = 0 });
        Assert.Equal(await RowsAsync(sqlite), await RowsAsync(postgreSql));
        Assert.Equal(await SessionsAsync(sqlite), await SessionsAsync(postgreSql));
    }

    [DatabaseFact]
    public async Task Seed_OnPostgreSql_VacuumsEveryPartitionThatHoldsRows()
    {
        await using var database = await TemporaryDatabase.CreateAsync(DatabaseProvider.PostgreSQL);

        await new DemoDataSeeder(database, new FakeTimeProvider(Now)).SeedAsync(new DemoDataOptions { Events = 2_000, Users = 12, Days = 40 });

        // What the pages' visibility then is also depends on other snapshots open at the time (autovacuum's own ANALYZE),
        // so the test checks that each partition was vacuumed, not that every page could be marked.
        await using var db = database.CreateDbContext();
        var partitions = await db.Database.SqlQuery<PartitionVacuum>($"""
            SELECT s.relname AS "Name", s.n_live_tup AS "Rows", s.last_vacuum IS NOT NULL AS "Vacuumed"
            FROM pg_inherits AS i JOIN pg_stat_user_tables AS s ON s.relid = i.inhrelid
            WHERE i.inhparent = 'login_logs'::regclass
            """).ToListAsync();
        Assert.True(partitions.Count(partition => partition.Rows > 0) >= 2, string.Join(", ", partitions));
        Assert.All(partitions.Where(partition => partition.Rows > 0), partition => Assert.True(partition.Vacuumed, partition.Name));
    }

    private sealed record PartitionVacuum(string Name, long Rows, bool Vacuumed);

    private static async Task<List<string>> RowsAsync(TemporaryDatabase database)
    {
        await using var db = database.CreateDbContext();
        var rows = await db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).ToListAsync();
        return [.. rows.Select(log => string.Join('|',
            log.UserId, log.UserName, log.EventType, log.Succeeded, log.FailureReason, log.ErrorCode, log.SignInMethod, log.IpAddress,
            log.UserAgent, log.Browser, log.BrowserVersion, log.Os, log.OsVersion, log.DeviceType, log.DeviceBrand, log.DeviceModel,
            log.IsBot, log.Location, log.Suspicious, log.SessionId, Microseconds(log.CreatedAt), log.CountryCode, log.City,
            log.Latitude, log.Longitude, log.SuspiciousReasons, log.Asn, log.AsOrg, log.RiskLevel))];
    }

    private static async Task<List<string>> SessionsAsync(TemporaryDatabase database)
    {
        await using var db = database.CreateDbContext();
        var sessions = await db.LoginSessions.AsNoTracking().OrderBy(session => session.SessionId).ToListAsync();
        return [.. sessions.Select(session => string.Join('|',
            session.SessionId, session.UserId, session.UserName, Microseconds(session.StartedAt), Microseconds(session.ExpiresAt),
            session.EndedAt is { } ended ? Microseconds(ended) : null, session.EndedBy))];
    }

    /// <summary>A time to the microsecond, <c>timestamptz</c>'s precision (SQLite's text keeps the tick).</summary>
    private static string Microseconds(DateTime time) => time.AddTicks(-(time.Ticks % 10)).ToString("O");
}
