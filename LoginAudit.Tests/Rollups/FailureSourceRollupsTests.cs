using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.DemoData;
using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Retention;
using LoginAudit.Data.Rollups;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Rollups;

/// <summary>
/// The rankings of the failures' sources read from <c>login_log_failure_sources</c> equal the rankings of the rows,
/// whatever the range's edges, rows not rolled up yet, purges, dropped months and reseeding.
/// </summary>
public class FailureSourceRollupsTests : OperationsTest
{
    public FailureSourceRollupsTests()
    {
    }

    protected FailureSourceRollupsTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    /// <summary>The history's first hour: 2026-08-20 00:00 UTC, three months before <see cref="LoginLogSeed.Now"/>.</summary>
    private static readonly DateTime HistoryStart = new(2026, 8, 20, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>More than every source of <see cref="History"/>: the rankings are compared whole, ties and all.</summary>
    private const int AllSources = 100;

    private static readonly string?[] Addresses = [null, "192.0.2.1", "192.0.2.2", "198.51.100.9", "203.0.113.7", "2001:db8::7"];

    private static readonly (string? Name, string? Account)[] Names =
        [(null, null), ("root", null), ("admin", null), ("alice@example.com", AliceId), ("bob@example.com", BobId), ("bob@example.com", null)];

    private static readonly LoginEventType[] EventTypes = [LoginEventType.SignInSucceeded, LoginEventType.SignInFailed, LoginEventType.SignInFailed, LoginEventType.LockedOut];

    private FailureBreakdownService Breakdowns => new(Database);

    /// <summary>The accounts of <see cref="Names"/> (not in the demo seeder's test: it refuses a database with other data).</summary>
    private Task AddAccountsAsync() => Database.AddAsync(User(AliceId, "alice@example.com"), User(BobId, "bob@example.com"));

    /// <summary>Attempts at random seconds over <paramref name="days"/> days from <paramref name="start"/>, from few sources (so that ties occur), the same for a seed.</summary>
    private static LoginLog[] History(int seed, int count, DateTime start, int days)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(index =>
        {
            var type = EventTypes[random.Next(EventTypes.Length)];
            var (name, account) = Names[random.Next(Names.Length)];
            return Log(
                type,
                start.AddSeconds(random.Next(days * 24 * 60 * 60)),
                account,
                name,
                ip: Addresses[random.Next(Addresses.Length)],
                sessionId: type == LoginEventType.SignInSucceeded ? $"history-{seed}-{index}" : null);
        }).ToArray();
    }

    private async Task RollUpAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        await LoginLogRollups.RollUpAsync(connection, TimeProvider.System);
    }

    private async Task AssertSourcesRankAsTheRowsAsync(DashboardRange range)
    {
        await using var db = Database.CreateDbContext();
        var (ips, userNames) = FailingSourcesOfRows.Rank(await db.LoginLogs.AsNoTracking().ToListAsync(), range, AllSources);

        var sources = await Breakdowns.GetFailingSourcesAsync(range, AllSources);

        Assert.NotEmpty(ips);
        Assert.Equal(ips, sources.Ips);
        Assert.Equal(userNames, sources.UserNames);
    }

    [DatabaseFact]
    public async Task FailingSources_RolledUpHoursEdgesAndRowsAboveTheMark_RankAsTheRows()
    {
        await AddAccountsAsync();
        await Database.AddAsync(History(seed: 1, count: 1_200, HistoryStart, days: 20));
        await RollUpAsync();

        // Above the mark: new rows, and late ones in hours already rolled up.
        await Database.AddAsync(History(seed: 2, count: 300, HistoryStart.AddDays(5), days: 20));

        await AssertSourcesRankAsTheRowsAsync(new DashboardRange(HistoryStart.AddHours(7).AddMinutes(17).AddSeconds(5), HistoryStart.AddDays(18).AddMinutes(-41)));
        await AssertSourcesRankAsTheRowsAsync(new DashboardRange(HistoryStart.AddHours(30).AddMinutes(10), HistoryStart.AddHours(30).AddMinutes(40)));
    }

    [DatabaseFact]
    public async Task FailingSources_AfterRollUp_ReadWholeHoursFromTheRollups()
    {
        await AddAccountsAsync();
        await Database.AddAsync(
            Log(LoginEventType.SignInFailed, HistoryStart.AddHours(2).AddMinutes(5), AliceId, "alice@example.com", ip: null),
            Log(LoginEventType.LockedOut, HistoryStart.AddHours(2).AddMinutes(6), null, null, ip: "2001:db8::7"));
        await RollUpAsync();

        // Behind the roll-ups' back (the purge and the seeder subtract what they delete): the counts still hold the rows.
        await using (var db = Database.CreateDbContext())
        {
            await db.LoginLogs.ExecuteDeleteAsync();
        }

        var sources = await Breakdowns.GetFailingSourcesAsync(new DashboardRange(HistoryStart, HistoryStart.AddDays(1)));

        Assert.Equal([new FailingIpCount(null, 1, DistinctUserNames: 1), new FailingIpCount("2001:db8::7", 1, DistinctUserNames: 0)], sources.Ips);
        Assert.Equal([new FailingUserNameCount(null, null, IsUnknown: true, 1), new FailingUserNameCount("alice@example.com", AliceId, IsUnknown: false, 1)], sources.UserNames);
    }

    /// <summary>October 10th deletes rows (on PostgreSQL after dropping August and September); October 1st drops only whole months on PostgreSQL.</summary>
    [DatabaseTheory]
    [InlineData(10)]
    [InlineData(1)]
    public async Task Purge_RolledUpRows_TakesTheirFailuresOutOfTheSources(int cutoffDayOfOctober)
    {
        // Three months of attempts in time order, as written (the purge deletes from the oldest id up to the first row inside
        // the window), in month partitions on PostgreSQL so that the purge can drop whole months; rolled up.
        await using (var connection = await Database.OpenConnectionAsync())
        {
            await LoginLogPartitions.CreateAsync(connection, HistoryStart, HistoryStart.AddDays(100), NullLogger.Instance);
        }

        await AddAccountsAsync();
        await Database.AddAsync(History(seed: 3, count: 900, HistoryStart, days: 90).OrderBy(row => row.CreatedAt).ToArray());
        await RollUpAsync();

        var purged = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(new DateTime(2026, 10, cutoffDayOfOctober, 0, 0, 0, DateTimeKind.Utc));

        Assert.True(purged.Rows > 0);
        await AssertSourcesRankAsTheRowsAsync(new DashboardRange(HistoryStart, HistoryStart.AddDays(95)));
    }

    [DatabaseFact]
    public async Task SeedDemo_ReplacingAPreviousSeed_SourcesRankAsTheRows()
    {
        var seeder = new DemoDataSeeder(Database, TimeProvider.System);
        await seeder.SeedAsync(new DemoDataOptions { Events = 3_000, Days = 10 });
        await seeder.SeedAsync(new DemoDataOptions { Events = 1_000, Days = 10, RandomSeed = 7 });

        var now = DateTime.UtcNow;
        await AssertSourcesRankAsTheRowsAsync(new DashboardRange(now.AddDays(-11).AddMinutes(-7), now.AddMinutes(5)));
    }
}

[OnPostgreSql]
public sealed class FailureSourceRollupsOnPostgreSqlTests() : FailureSourceRollupsTests(DatabaseProvider.PostgreSQL);
