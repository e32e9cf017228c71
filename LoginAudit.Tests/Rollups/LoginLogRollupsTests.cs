using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.DemoData;
using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Retention;
using LoginAudit.Data.Rollups;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Rollups;

/// <summary>
/// The overview's and breakdowns' counts read from <c>login_log_rollups</c> equal counts of the rows, whatever the
/// range's edges, the viewer's offset, rows not rolled up yet, purges and reseeding.
/// </summary>
public class LoginLogRollupsTests : OperationsTest
{
    public LoginLogRollupsTests()
    {
    }

    protected LoginLogRollupsTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    /// <summary>The history's first hour: 2026-08-20 00:00 UTC, three months before <see cref="LoginLogSeed.Now"/>.</summary>
    private static readonly DateTime HistoryStart = new(2026, 8, 20, 0, 0, 0, DateTimeKind.Utc);

    private static readonly LoginEventType[] EventTypes =
    [
        LoginEventType.SignInSucceeded, LoginEventType.SignInSucceeded, LoginEventType.SignInFailed, LoginEventType.SignInFailed,
        LoginEventType.LockedOut, LoginEventType.SignedOut, LoginEventType.TwoFactorRequired,
    ];

    private static readonly LoginFailureReason?[] Reasons = [null, LoginFailureReason.InvalidPassword, LoginFailureReason.UnknownUser, LoginFailureReason.NotAllowed];

    private static readonly string?[] Browsers = [null, "Chrome", "Firefox", "Safari", "Edge"];

    private static readonly string?[] Systems = [null, "Windows", "Linux", "iOS"];

    private static readonly DeviceType[] Devices = [DeviceType.Desktop, DeviceType.Mobile, DeviceType.Bot, DeviceType.Tablet];

    private FailureBreakdownService Breakdowns => new(Database);

    /// <summary>Rows at random minutes over <paramref name="days"/> days from <paramref name="start"/>, the same for a seed.</summary>
    private static LoginLog[] History(int seed, int count, DateTime start, int days)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var type = EventTypes[random.Next(EventTypes.Length)];
            var failure = type is LoginEventType.SignInFailed or LoginEventType.LockedOut;
            return Log(
                type,
                start.AddMinutes(random.Next(days * 24 * 60)).AddSeconds(random.Next(60)),
                userName: "user" + random.Next(5),
                reason: type == LoginEventType.SignInFailed ? Reasons[random.Next(Reasons.Length)] : null,
                browser: Browsers[random.Next(Browsers.Length)],
                os: Systems[random.Next(Systems.Length)],
                device: Devices[random.Next(Devices.Length)],
                suspicious: random.Next(5) == 0 && (failure || type == LoginEventType.SignInSucceeded));
        }).ToArray();
    }

    private async Task<long> RollUpAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        return await LoginLogRollups.RollUpAsync(connection, TimeProvider.System);
    }

    private async Task<List<LoginLog>> RowsAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.LoginLogs.AsNoTracking().ToListAsync();
    }

    private static bool IsFailure(LoginLog row) => row.EventType is LoginEventType.SignInFailed or LoginEventType.LockedOut;

    private static bool In(LoginLog row, DateTime from, DateTime to) => row.CreatedAt >= from && row.CreatedAt < to;

    /// <summary>What every breakdown says, and what the rows say, for one range.</summary>
    private async Task AssertCountsEqualTheRowsAsync(DashboardRange range)
    {
        var rows = await RowsAsync();
        var failures = rows.Where(row => IsFailure(row) && In(row, range.From, range.To)).ToList();

        var reasons = await Breakdowns.GetByReasonAsync(range);
        Assert.Equal(
            failures.GroupBy(row => row.FailureReason).ToDictionary(group => group.Key?.ToString() ?? "", group => group.Count()),
            reasons.ToDictionary(reason => reason.Reason?.ToString() ?? "", reason => reason.Count));

        foreach (var (label, of) in new (FailureLabel, Func<LoginLog, string?>)[]
                 {
                     (FailureLabel.DeviceType, row => row.DeviceType.ToString()), (FailureLabel.Browser, row => row.Browser), (FailureLabel.Os, row => row.Os),
                 })
        {
            var labels = await Breakdowns.GetByLabelAsync(range, label, top: 100);
            Assert.Equal(
                failures.GroupBy(of).ToDictionary(group => group.Key ?? "", group => group.Count()),
                labels.ToDictionary(count => count.Label ?? "", count => count.Count));
        }

        var trend = await Breakdowns.GetOutcomesOverTimeAsync(range);
        var buckets = range.Buckets();
        Assert.Equal(
            buckets.Select(bucket => (
                rows.Count(row => row.EventType == LoginEventType.SignInSucceeded && In(row, bucket.From, bucket.To)),
                rows.Count(row => IsFailure(row) && In(row, bucket.From, bucket.To)))),
            trend.Select(bucket => (bucket.Successes, bucket.Failures)));

        var heatMap = await Breakdowns.GetHeatMapAsync(range);
        Assert.Equal(
            failures.GroupBy(row => (int)(row.CreatedAt + range.UtcOffset).DayOfWeek * 100 + (row.CreatedAt + range.UtcOffset).Hour)
                .ToDictionary(group => group.Key, group => group.Count()),
            heatMap.ToDictionary(cell => (int)cell.DayOfWeek * 100 + cell.Hour, cell => cell.Count));

        Assert.Equal(
            rows.Count(row => row.Suspicious && In(row, range.From, range.To)),
            await Breakdowns.CountSuspiciousAsync(range));
    }

    [DatabaseTheory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(330)]
    [InlineData(-300)]
    [InlineData(-585)]
    public async Task Breakdowns_RolledUpHoursEdgesAndRowsAboveTheMark_EqualCountsOfTheRows(int offsetMinutes)
    {
        await Database.AddAsync(History(seed: 1, count: 1_500, HistoryStart, days: 20));
        await RollUpAsync();

        // Above the mark: new rows, and late ones in hours already rolled up.
        await Database.AddAsync(History(seed: 2, count: 300, HistoryStart.AddDays(5), days: 20));

        var offset = TimeSpan.FromMinutes(offsetMinutes);
        await AssertCountsEqualTheRowsAsync(new DashboardRange(HistoryStart.AddHours(7).AddMinutes(17).AddSeconds(5), HistoryStart.AddDays(18).AddMinutes(-41), offset));
        await AssertCountsEqualTheRowsAsync(new DashboardRange(HistoryStart.AddDays(3).AddMinutes(30), HistoryStart.AddDays(4).AddMinutes(50), offset));
        await AssertCountsEqualTheRowsAsync(new DashboardRange(HistoryStart.AddHours(30).AddMinutes(10), HistoryStart.AddHours(30).AddMinutes(40), offset));
    }

    [DatabaseFact]
    public async Task Breakdowns_AfterRollUp_ReadWholeHoursFromTheRollups()
    {
        await Database.AddAsync(
            Log(LoginEventType.SignInFailed, HistoryStart.AddHours(2).AddMinutes(5), reason: LoginFailureReason.InvalidPassword),
            Log(LoginEventType.SignInFailed, HistoryStart.AddHours(2).AddMinutes(6), reason: LoginFailureReason.InvalidPassword));
        await RollUpAsync();

        // Behind the roll-ups' back (the purge and the seeder subtract what they delete): the counts still hold the rows.
        await using (var db = Database.CreateDbContext())
        {
            await db.LoginLogs.ExecuteDeleteAsync();
        }

        var reasons = await Breakdowns.GetByReasonAsync(new DashboardRange(HistoryStart, HistoryStart.AddDays(1), TimeSpan.Zero));

        Assert.Equal([new FailureReasonCount(LoginFailureReason.InvalidPassword, 2)], reasons);
    }

    [DatabaseFact]
    public async Task RollUp_RunAgain_CountsEachRowOnce()
    {
        await Database.AddAsync(History(seed: 3, count: 400, HistoryStart, days: 5));

        var first = await RollUpAsync();
        var second = await RollUpAsync();
        await Database.AddAsync(History(seed: 4, count: 50, HistoryStart, days: 5));
        var third = await RollUpAsync();

        Assert.Equal((400, 0, 50), (first, second, third));
        await using var db = Database.CreateDbContext();
        Assert.Equal(450, await db.Set<LoginLogRollup>().Where(rollup => rollup.Dimension == RollupDimension.EventType).SumAsync(rollup => rollup.Count));
    }

    [DatabaseFact]
    public async Task Purge_RolledUpRows_TakesThemOutOfTheCounts()
    {
        // Three months of rows; the purge takes everything before October 10th (whole months where it can on PostgreSQL).
        await using (var connection = await Database.OpenConnectionAsync())
        {
            await LoginLogPartitions.CreateAsync(connection, HistoryStart, HistoryStart.AddDays(100), NullLogger.Instance);
        }

        await Database.AddAsync(History(seed: 5, count: 1_200, HistoryStart, days: 90));
        await RollUpAsync();
        var cutoff = new DateTime(2026, 10, 10, 0, 0, 0, DateTimeKind.Utc);

        var purged = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(cutoff);

        Assert.True(purged.Rows > 0);
        await AssertCountsEqualTheRowsAsync(new DashboardRange(HistoryStart, HistoryStart.AddDays(95), TimeSpan.Zero));

        // The purge's own row is new: once it is rolled up too, the counts hold every row left and no deleted one.
        await RollUpAsync();
        await using var db = Database.CreateDbContext();
        Assert.Equal(
            await db.LoginLogs.LongCountAsync(),
            await db.Set<LoginLogRollup>().Where(rollup => rollup.Dimension == RollupDimension.EventType).SumAsync(rollup => rollup.Count));
    }

    [DatabaseFact]
    public async Task SeedDemo_ReplacingAPreviousSeed_CountsEqualTheRows()
    {
        var seeder = new DemoDataSeeder(Database, TimeProvider.System);
        await seeder.SeedAsync(new DemoDataOptions { Events = 3_000, Days = 10 });
        await seeder.SeedAsync(new DemoDataOptions { Events = 1_000, Days = 10, RandomSeed = 7 });

        var now = DateTime.UtcNow;
        await AssertCountsEqualTheRowsAsync(new DashboardRange(now.AddDays(-11).AddMinutes(-7), now.AddMinutes(5), TimeSpan.FromHours(1)));
        await using var db = Database.CreateDbContext();
        Assert.Equal(await db.LoginLogs.CountAsync(), await db.Set<LoginLogRollup>().Where(rollup => rollup.Dimension == RollupDimension.EventType).SumAsync(rollup => rollup.Count));
    }
}

public sealed class LoginLogRollupsOnPostgreSqlTests() : LoginLogRollupsTests(DatabaseProvider.PostgreSQL)
{
    /// <summary>PostgreSQL hands ids out at insert: a roll-up must not move its mark past a smaller id still being written.</summary>
    [DatabaseFact]
    public async Task RollUp_SmallerIdStillUncommitted_WaitsAndCountsBoth()
    {
        await using var slow = await Database.OpenConnectionAsync();
        await using var slowWrite = await SqlDialect.PostgreSql.BeginAuditWriteAsync(slow);
        await OpenAuditWrites.InsertFailureAsync(slow, slowWrite, "slow@example.com");
        await using (var fast = await Database.OpenConnectionAsync())
        await using (var fastWrite = await SqlDialect.PostgreSql.BeginAuditWriteAsync(fast))
        {
            await OpenAuditWrites.InsertFailureAsync(fast, fastWrite, "fast@example.com");
            await fastWrite.CommitAsync();
        }

        await using var rolling = await Database.OpenConnectionAsync();
        var rollingUp = LoginLogRollups.RollUpAsync(rolling, TimeProvider.System);
        await Eventually.HoldsAsync(() => OpenAuditWrites.SomeoneWaitsForThemAsync(Database.ConnectionString), TimeSpan.FromSeconds(15), () => "the roll-up does not wait for the open write");
        await slowWrite.CommitAsync();

        Assert.Equal(2, await rollingUp.WaitAsync(TimeSpan.FromSeconds(15)));
        await using var db = Database.CreateDbContext();
        Assert.Equal(2, await db.Set<LoginLogRollup>().Where(rollup => rollup.Dimension == RollupDimension.EventType).SumAsync(rollup => rollup.Count));
    }
}
