using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Rollups;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Rollups;

/// <summary>A database rolled up before <c>login_log_failure_sources</c>, its mark at its newest row, then upgraded.</summary>
public class FailureSourceRollupsUpgradeTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);

    private readonly DatabaseProvider provider;
    private TemporaryDatabase database = null!;

    public FailureSourceRollupsUpgradeTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected FailureSourceRollupsUpgradeTests(DatabaseProvider provider) => this.provider = provider;

    private string PreviousMigration => provider == DatabaseProvider.PostgreSQL
        ? "20261201234814_SearchIndexBesideLoginLogs"
        : "20261201204139_FailureSourcesIndex";

    private DashboardRange Range => new(Start.AddMinutes(-30), Start.AddDays(3));

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAtMigrationAsync(PreviousMigration, provider);
        await database.AddAsync(User(AliceId, "alice@example.com"));
        await database.AddAsync(Enumerable.Range(0, 60)
            .Select(n => (object)Log(
                n % 3 == 0 ? LoginEventType.SignInSucceeded : LoginEventType.SignInFailed,
                Start.AddMinutes(n * 53),
                userId: n % 4 == 0 ? AliceId : null,
                userName: n % 5 == 0 ? null : n % 4 == 0 ? "alice@example.com" : $"guess{n % 3}",
                ip: n % 7 == 0 ? null : $"198.51.100.{n % 4}",
                sessionId: n % 3 == 0 ? $"upgrade-{n}" : null))
            .ToArray());

        // The duty as it ran before: every row counted into login_log_rollups, the mark at the newest. The table it now
        // also counts into stands in for the roll-up and is gone again before the upgrade.
        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.PostgreSQL
                ? "CREATE TABLE login_log_failure_sources (hour timestamptz, address text, user_name text, user_id text, count bigint, PRIMARY KEY (hour, address, user_name, user_id))"
                : "CREATE TABLE login_log_failure_sources (hour TEXT, address TEXT, user_name TEXT, user_id TEXT, count INTEGER, PRIMARY KEY (hour, address, user_name, user_id))");
            await using (var connection = await database.OpenConnectionAsync())
            {
                Assert.Equal(60, await LoginLogRollups.RollUpAsync(connection, TimeProvider.System));
            }

            await db.Database.ExecuteSqlRawAsync("DROP TABLE login_log_failure_sources");
            await db.MigrateLoginAuditDatabaseAsync();
        }
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [DatabaseFact]
    public async Task Migrate_RolledUpDatabase_StartsTheCountsOver()
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var db = database.CreateDbContext();

        Assert.Equal(0, await LoginLogRollups.RolledUpToAsync(connection, transaction: null));
        Assert.Equal(0, await db.Set<LoginLogRollup>().CountAsync());
    }

    [DatabaseFact]
    public async Task RollUp_AfterTheMigration_CountsEveryRowIntoEveryTable()
    {
        await using (var connection = await database.OpenConnectionAsync())
        {
            await LoginLogRollups.RollUpAsync(connection, TimeProvider.System);
        }

        await using var db = database.CreateDbContext();
        var (ips, userNames) = FailingSourcesOfRows.Rank(await db.LoginLogs.AsNoTracking().ToListAsync(), Range, top: 100);
        var sources = await new FailureBreakdownService(database).GetFailingSourcesAsync(Range, top: 100);

        Assert.Equal(60, await db.Set<LoginLogRollup>().Where(rollup => rollup.Dimension == RollupDimension.EventType).SumAsync(rollup => rollup.Count));
        Assert.NotEmpty(ips);
        Assert.Equal(ips, sources.Ips);
        Assert.Equal(userNames, sources.UserNames);
    }
}

[OnPostgreSql]
public sealed class FailureSourceRollupsUpgradeOnPostgreSqlTests() : FailureSourceRollupsUpgradeTests(DatabaseProvider.PostgreSQL);
