using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Retention;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Partitioning;

/// <summary>A PostgreSQL database from before partitioning, with sealed and purged history, upgraded to the partitioned table.</summary>
[OnPostgreSql]
public sealed class LoginLogPartitionUpgradeOnPostgreSqlTests : IAsyncLifetime
{
    private const string PreviousMigration = "20261201135833_NetworksReviewsStreamsKeyRingDeviceFailures";

    private static readonly DateTime August = new(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc);

    private TemporaryDatabase database = null!;
    private List<string> before = [];

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAtMigrationAsync(PreviousMigration, DatabaseProvider.PostgreSQL);
        var rows = new List<object> { LoginLogSeed.User(LoginLogSeed.AliceId, "alice@example.com") };
        for (var day = 0; day < 75; day += 5)
        {
            rows.Add(LoginLogSeed.Log(LoginEventType.SignInSucceeded, August.AddDays(day), userId: LoginLogSeed.AliceId, userName: "alice@example.com"));
        }

        await database.AddAsync(rows.ToArray());
        await using (var services = OperationsServices.Build(database))
        {
            // The old table's history as it would be: sealed, its oldest rows purged (an anchor), its newest id rolled back.
            // Today's purge reads the roll-ups' mark and deletes from PostgreSQL's search index, which came later: empty ones
            // stand in while it runs.
            await using var db = database.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE login_log_search (id bigint PRIMARY KEY)");
            // Seals then lived in login_logs' own columns: the purge runs on a stand-in seal table, whose rows then move there.
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE login_log_rollup_marks (name text PRIMARY KEY, row_id bigint NOT NULL, updated_at timestamptz NOT NULL)");
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE login_log_seals (login_log_id bigint PRIMARY KEY, chain_seq bigint NOT NULL, previous_hash bytea NOT NULL, chain_hash bytea NOT NULL)");
            await services.GetRequiredService<RetentionPurger>().PurgeAsync(August.AddMonths(1).AddDays(3));
            await db.Database.ExecuteSqlRawAsync("DROP TABLE login_log_rollup_marks, login_log_search");
            await db.Database.ExecuteSqlRawAsync("UPDATE login_logs SET chain_seq = s.chain_seq, previous_hash = s.previous_hash, chain_hash = s.chain_hash FROM login_log_seals s WHERE s.login_log_id = login_logs.id");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE login_log_seals");
            await db.Database.ExecuteSqlRawAsync("SELECT nextval(pg_get_serial_sequence('login_logs', 'id'))");
        }

        before = await DescribeRowsAsync(SealsInLoginLogs.DescribeAsync);
        await using (var db = database.CreateDbContext())
        {
            await db.MigrateLoginAuditDatabaseAsync();
        }
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [DatabaseFact]
    public async Task Migrate_OlderTableWithRows_KeepsEveryRowInItsMonthsPartition()
    {
        Assert.NotEmpty(before);
        Assert.Equal(before, await DescribeRowsAsync(SealsInLoginLogs.DescribeMovedAsync));
        await using var db = database.CreateDbContext();
        var placed = await db.Database.SqlQueryRaw<string>("SELECT tableoid::regclass::text || ' ' || to_char(created_at AT TIME ZONE 'UTC', 'YYYY_MM') AS \"Value\" FROM login_logs").ToListAsync();
        Assert.All(placed, row => Assert.Equal($"login_logs_{row.Split(' ')[1]}", row.Split(' ')[0]));
        Assert.Equal("p", await db.Database.SqlQueryRaw<string>("SELECT relkind::text AS \"Value\" FROM pg_class WHERE relname = 'login_logs'").SingleAsync());
    }

    [DatabaseFact]
    public async Task Migrate_OlderTableWithRows_KeepsTheIndexesForeignKeyAndCompositePrimaryKey()
    {
        await using var db = database.CreateDbContext();
        var indexes = await db.Database.SqlQueryRaw<string>("SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'login_logs'").ToListAsync();
        var primaryKey = await db.Database.SqlQueryRaw<string>("SELECT pg_get_constraintdef(oid) AS \"Value\" FROM pg_constraint WHERE conrelid = 'login_logs'::regclass AND contype = 'p'").SingleAsync();
        var foreignKey = await db.Database.SqlQueryRaw<string>("SELECT conname::text AS \"Value\" FROM pg_constraint WHERE conrelid = 'login_logs'::regclass AND contype = 'f'").SingleAsync();

        Assert.Superset(new HashSet<string> { "PK_login_logs", "ix_login_logs_created_at", "ix_login_logs_event_type_created_at", "ix_login_logs_failures", "ix_login_logs_risk_level_created_at" }, indexes.ToHashSet());
        Assert.Equal("PRIMARY KEY (id, created_at)", primaryKey);
        Assert.Equal("FK_login_logs_AspNetUsers_user_id", foreignKey);
    }

    [DatabaseFact]
    public async Task Migrate_OlderTableWithRows_IdsGoOnPastEveryIdHandedOutAndTheChainHolds()
    {
        var handedOut = await LastIdHandedOutAsync();
        await using var services = OperationsServices.Build(database);

        await services.GetRequiredService<LoginAuditRecorder>().RecordAsync(new AuditEvent(LoginEventType.SignInFailed) { UserName = "new@example.com", FailureReason = LoginFailureReason.UnknownUser });
        await services.GetRequiredService<ChainSealer>().SealAsync();

        await using var db = database.CreateDbContext();
        Assert.Equal(handedOut + 1, await db.LoginLogs.Where(row => row.UserName == "new@example.com").Select(row => row.Id).SingleAsync());
        var verification = await services.GetRequiredService<ChainVerifier>().VerifyAsync();
        Assert.True(verification.Intact, verification.Description);
        Assert.Equal(before.Count + 1, verification.RowsChecked);
    }

    private async Task<long> LastIdHandedOutAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.Database.SqlQueryRaw<long>("SELECT last_value AS \"Value\" FROM login_logs_id_seq").SingleAsync();
    }

    /// <summary>Each row's content and, from <paramref name="seals"/> (the old columns or the seal table), its seal.</summary>
    private async Task<List<string>> DescribeRowsAsync(Func<TemporaryDatabase, Task<List<string>>> seals)
    {
        await using var db = database.CreateDbContext();
        var rows = await db.LoginLogs.AsNoTracking().OrderBy(row => row.Id).ToListAsync();
        return rows.Zip(await seals(database), (row, seal) => $"{row.UserId}|{row.EventType}|{row.CreatedAt:o}|{seal}").ToList();
    }
}
