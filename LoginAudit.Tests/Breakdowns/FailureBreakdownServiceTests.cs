using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Rollups;
using LoginAudit.Data.UserAgents;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Breakdowns;

public class FailureBreakdownServiceTests : OperationsTest
{
    public FailureBreakdownServiceTests()
    {
    }

    protected FailureBreakdownServiceTests(DatabaseProvider provider)
        : base(provider)
    {
    }

    /// <summary>Sunday 2026-11-15 23:30 UTC: Monday 00:30 in UTC+1.</summary>
    private static readonly DateTime SundayLateUtc = new(2026, 11, 15, 23, 30, 0, DateTimeKind.Utc);

    private static readonly TimeSpan UtcPlusOne = TimeSpan.FromHours(1);


    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.AddAsync(User(AliceId, "alice@example.com"), User(BobId, "bob@example.com"));
        await Database.AddAsync(
            Log(LoginEventType.SignInFailed, SundayLateUtc, AliceId, "alice@example.com", LoginFailureReason.InvalidPassword,
                ip: "203.0.113.7", browser: "Firefox", os: "Linux", device: DeviceType.Mobile),
            Log(LoginEventType.SignInFailed, SundayLateUtc.AddMinutes(1), null, "root", LoginFailureReason.UnknownUser, ip: "203.0.113.7", device: DeviceType.Bot),
            Log(LoginEventType.SignInFailed, SundayLateUtc.AddMinutes(2), null, "root", LoginFailureReason.UnknownUser, ip: "203.0.113.7", device: DeviceType.Bot),
            Log(LoginEventType.LockedOut, SundayLateUtc.AddMinutes(3), BobId, "bob@example.com", ip: "203.0.113.7"),
            Log(LoginEventType.SignInFailed, SundayLateUtc.AddHours(-12), BobId, "bob@example.com", LoginFailureReason.InvalidPassword),
            Log(LoginEventType.SignInSucceeded, SundayLateUtc.AddHours(-11), BobId, "bob@example.com", sessionId: "s1"),
            Log(LoginEventType.SignInSucceeded, SundayLateUtc.AddMinutes(10), AliceId, "alice@example.com", sessionId: "s2"),
            Log(LoginEventType.SignedOut, SundayLateUtc.AddMinutes(20), AliceId, "alice@example.com", sessionId: "s2"),
            Log(LoginEventType.TwoFactorRequired, SundayLateUtc.AddMinutes(5), AliceId, "alice@example.com"),
            Log(LoginEventType.SignInFailed, SundayLateUtc.AddDays(-20), BobId, "bob@example.com", LoginFailureReason.InvalidPassword));
    }

    private FailureBreakdownService Service => new(Database);

    /// <summary>Saturday noon to Monday noon, UTC: two days, so hourly buckets.</summary>
    private static DashboardRange Weekend(TimeSpan offset = default) =>
        new(SundayLateUtc.AddHours(-35.5), SundayLateUtc.AddHours(12.5), offset);

    [DatabaseFact]
    public async Task GetByReason_CountsFailuresAndLockoutsInTheRange()
    {
        var reasons = await Service.GetByReasonAsync(Weekend());

        Assert.Equal(
            [
                new FailureReasonCount(LoginFailureReason.InvalidPassword, 2),
                new FailureReasonCount(LoginFailureReason.UnknownUser, 2),
                new FailureReasonCount(LoginFailureReason.LockedOut, 1),
            ],
            reasons);
    }

    [DatabaseFact]
    public async Task GetByUserName_IncludesUnknownNamesFlagged()
    {
        var names = await Service.GetByUserNameAsync(Weekend());

        Assert.Equal(
            [
                new FailingUserNameCount("bob@example.com", BobId, IsUnknown: false, 2),
                new FailingUserNameCount("root", null, IsUnknown: true, 2),
                new FailingUserNameCount("alice@example.com", AliceId, IsUnknown: false, 1),
            ],
            names);
    }

    [DatabaseFact]
    public async Task Rankings_RangeCoveringTheWholeHistory_WalkTheGroupOrderedIndexesWithTheSameMeaning()
    {
        // The whole history is a share of 1, above GroupOrderedIndexShare: the rankings read the indexes that lead
        // with their group column (the weekend range, a small share, reads the time-ordered one).
        var everything = new DashboardRange(SundayLateUtc.AddDays(-60), SundayLateUtc.AddDays(1));

        Assert.Equal(
            [
                new FailureReasonCount(LoginFailureReason.InvalidPassword, 3),
                new FailureReasonCount(LoginFailureReason.UnknownUser, 2),
                new FailureReasonCount(LoginFailureReason.LockedOut, 1),
            ],
            await Service.GetByReasonAsync(everything));
        Assert.Equal(
            [new FailingUserNameCount("bob@example.com", BobId, false, 3), new FailingUserNameCount("root", null, true, 2), new FailingUserNameCount("alice@example.com", AliceId, false, 1)],
            await Service.GetByUserNameAsync(everything));
        Assert.Equal(
            [new FailingIpCount("203.0.113.7", 4, 3), new FailingIpCount("192.0.2.10", 2, 1)],
            await Service.GetByIpAsync(everything));
        Assert.Equal(
            [new LabelCount("Desktop", 3), new LabelCount("Bot", 2), new LabelCount("Mobile", 1)],
            await Service.GetByLabelAsync(everything, FailureLabel.DeviceType));
    }

    [DatabaseFact]
    public async Task GetByIp_CountsFailuresAndDistinctNames()
    {
        var ips = await Service.GetByIpAsync(Weekend(), top: 1);

        Assert.Equal([new FailingIpCount("203.0.113.7", 4, DistinctUserNames: 3)], ips);
    }

    [DatabaseFact]
    public async Task GetByUserName_NameFailedWithAndWithoutItsAccount_CountsBothUnderTheAccount()
    {
        // Counted per (name, account) first on PostgreSQL: the name's two pairs must still make one known row.
        await Database.AddAsync(Log(LoginEventType.SignInFailed, SundayLateUtc.AddMinutes(4), null, "bob@example.com", LoginFailureReason.InvalidPassword));

        var names = await Service.GetByUserNameAsync(Weekend(), top: 1);

        Assert.Equal([new FailingUserNameCount("bob@example.com", BobId, IsUnknown: false, 3)], names);
    }

    [DatabaseFact]
    public async Task GetByIp_AttemptsWithoutUserName_CountButAddNoDistinctName()
    {
        await Database.AddAsync(
            Log(LoginEventType.SignInFailed, SundayLateUtc.AddMinutes(4), null, null, LoginFailureReason.UnknownUser, ip: "203.0.113.7"),
            Log(LoginEventType.SignInFailed, SundayLateUtc.AddMinutes(5), null, null, LoginFailureReason.UnknownUser, ip: null),
            Log(LoginEventType.SignInFailed, SundayLateUtc.AddMinutes(6), null, "root", LoginFailureReason.UnknownUser, ip: null));

        var ips = await Service.GetByIpAsync(Weekend());

        Assert.Equal([new FailingIpCount("203.0.113.7", 5, DistinctUserNames: 3), new FailingIpCount(null, 2, 1), new FailingIpCount("192.0.2.10", 1, 1)], ips);
    }

    [DatabaseTheory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task GetFailingSources_RandomFailures_RankAsTheRowsCountedOneByOne(bool wholeHistory, bool rolledUp)
    {
        // Random addresses and names, missing ones included, so that ties and NULL keys occur; the whole history reads
        // the (address, name)-ordered index, the weekend the time-ordered one. Rolled up, the last rows stay above the
        // mark, and the whole history (from 23:30 to 23:30) has partial hours at both edges.
        var random = new Random(20261201);
        string?[] ips = [null, "192.0.2.1", "192.0.2.2", "198.51.100.9", "203.0.113.7", "203.0.113.70"];
        (string? Name, string? Account)[] names = [(null, null), ("root", null), ("admin", null), ("alice@example.com", AliceId), ("bob@example.com", BobId), ("bob@example.com", null)];
        var rows = Enumerable.Range(0, 300).Select(index =>
        {
            var (name, account) = names[random.Next(names.Length)];
            var type = random.Next(5) switch { 0 => LoginEventType.LockedOut, 1 => LoginEventType.SignInSucceeded, _ => LoginEventType.SignInFailed };
            return Log(type, SundayLateUtc.AddMinutes(-random.Next(60 * 24 * 40)), account, name, ip: ips[random.Next(ips.Length)],
                sessionId: type == LoginEventType.SignInSucceeded ? $"random-{index}" : null);
        }).ToArray();
        await Database.AddAsync(rows[..250]);
        if (rolledUp)
        {
            await using var connection = await Database.OpenConnectionAsync();
            await LoginLogRollups.RollUpAsync(connection, TimeProvider.System);
        }

        await Database.AddAsync(rows[250..]);
        var range = wholeHistory ? new DashboardRange(SundayLateUtc.AddDays(-60), SundayLateUtc.AddDays(1)) : Weekend();

        var sources = await Service.GetFailingSourcesAsync(range, top: 4);

        await using var db = Database.CreateDbContext();
        var (expectedIps, expectedNames) = FailingSourcesOfRows.Rank(await db.LoginLogs.ToListAsync(), range, top: 4);
        Assert.Equal(expectedIps, sources.Ips);
        Assert.Equal(expectedNames, sources.UserNames);
    }

    [DatabaseFact]
    public async Task GetByLabel_GroupsByDeviceBrowserAndOs()
    {
        Assert.Equal(
            [new LabelCount("Bot", 2), new LabelCount("Desktop", 2), new LabelCount("Mobile", 1)],
            await Service.GetByLabelAsync(Weekend(), FailureLabel.DeviceType));
        Assert.Equal([new LabelCount("Chrome", 4)], await Service.GetByLabelAsync(Weekend(), FailureLabel.Browser, top: 1));
        Assert.Equal([new LabelCount("Windows", 4), new LabelCount("Linux", 1)], await Service.GetByLabelAsync(Weekend(), FailureLabel.Os));
    }

    [DatabaseFact]
    public async Task GetHeatMap_PlacesCellsInTheViewersLocalDayAndHour()
    {
        var utc = await Service.GetHeatMapAsync(Weekend());
        var local = await Service.GetHeatMapAsync(Weekend(UtcPlusOne));

        Assert.Equal([new HeatMapCell(DayOfWeek.Sunday, 11, 1), new HeatMapCell(DayOfWeek.Sunday, 23, 4)], utc);
        Assert.Equal([new HeatMapCell(DayOfWeek.Sunday, 12, 1), new HeatMapCell(DayOfWeek.Monday, 0, 4)], local);
    }

    [DatabaseFact]
    public async Task GetOutcomesOverTime_ShortRange_HourlyBucketsInLocalTime()
    {
        var buckets = await Service.GetOutcomesOverTimeAsync(Weekend(UtcPlusOne));

        Assert.Equal(48, buckets.Count);
        Assert.All(buckets, bucket => Assert.Equal(UtcPlusOne, bucket.Start.Offset));
        var mondayMidnight = new DateTimeOffset(2026, 11, 16, 0, 0, 0, UtcPlusOne);
        Assert.Equal(new OutcomeBucket(mondayMidnight, Successes: 1, Failures: 4), buckets.Single(bucket => bucket.Start == mondayMidnight));
        Assert.Equal(2, buckets.Sum(bucket => bucket.Successes));
        Assert.Equal(5, buckets.Sum(bucket => bucket.Failures));
        Assert.Equal(0.8, buckets.Single(bucket => bucket.Start == mondayMidnight).FailureRate, 6);
    }

    [DatabaseFact]
    public async Task GetOutcomesOverTime_LongRange_DailyBucketsMoveAcrossMidnightWithTheOffset()
    {
        var week = new DashboardRange(new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 17, 0, 0, 0, DateTimeKind.Utc));
        var utc = await Service.GetOutcomesOverTimeAsync(week);
        var local = await Service.GetOutcomesOverTimeAsync(new DashboardRange(week.From, week.To, UtcPlusOne));

        Assert.Equal(TimeBucketSize.Day, week.BucketSize);
        Assert.Equal(7, utc.Count);
        Assert.Equal(new OutcomeBucket(new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero), 2, 5), utc.Single(bucket => bucket.Start.Day == 15));
        Assert.Equal(8, local.Count);
        Assert.Equal(1, local.Single(bucket => bucket.Start.Day == 15).Failures);
        Assert.Equal(4, local.Single(bucket => bucket.Start.Day == 16).Failures);
    }

    [DatabaseFact]
    public async Task EveryBreakdown_EmptyRange_IsEmptyOrZero()
    {
        var empty = new DashboardRange(SundayLateUtc.AddYears(-1), SundayLateUtc.AddYears(-1).AddHours(3));

        Assert.Empty(await Service.GetByReasonAsync(empty));
        Assert.Empty(await Service.GetByUserNameAsync(empty));
        Assert.Empty(await Service.GetByIpAsync(empty));
        Assert.Empty(await Service.GetByLabelAsync(empty, FailureLabel.Os));
        Assert.Empty(await Service.GetHeatMapAsync(empty));
        Assert.All(await Service.GetOutcomesOverTimeAsync(empty), bucket => Assert.Equal((0, 0), (bucket.Successes, bucket.Failures)));
    }
}

[OnPostgreSql]
public sealed class FailureBreakdownServiceOnPostgreSqlTests() : FailureBreakdownServiceTests(DatabaseProvider.PostgreSQL)
{
    [DatabaseFact]
    public async Task FailureSourcesRollup_OnPostgreSql_KeepsOnlyTheIndexesItsRankingsRead()
    {
        // The group-order index is SQLite's, which groups by sorting; PostgreSQL hash-aggregates the hours it reads by the key.
        await using var db = Database.CreateDbContext();
        var indexes = await db.Database.SqlQueryRaw<string>(
            $"SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = '{LoginLogRollups.FailureSourcesTableName}'").ToListAsync();

        Assert.Equal(["pk_login_log_failure_sources"], indexes);
    }

    [DatabaseFact]
    public async Task Rankings_TiedAddressesOnAnIcuCollatedDatabase_InByteOrderFromTheRowsAndTheRollUps()
    {
        // Debian's initdb takes the system's locale: in ICU's order "1::1" comes before "10::1", in byte order after it.
        await using var icu = await TemporaryDatabase.CreateOnIcuCollationAsync("en-US");
        var at = new DateTime(2026, 11, 15, 10, 0, 0, DateTimeKind.Utc);
        await icu.AddAsync(
            Log(LoginEventType.SignInFailed, at.AddMinutes(1), null, "root", LoginFailureReason.UnknownUser, ip: "1::1"),
            Log(LoginEventType.SignInFailed, at.AddMinutes(2), null, "root", LoginFailureReason.UnknownUser, ip: "10::1"));
        var service = new FailureBreakdownService(icu);
        var range = new DashboardRange(at.AddHours(-1), at.AddHours(2));
        string[] byteOrder = ["10::1", "1::1"];

        var fromTheRows = await service.GetByIpAsync(range);
        await using (var connection = await icu.OpenConnectionAsync())
        {
            await LoginLogRollups.RollUpAsync(connection, TimeProvider.System);
        }

        var fromTheRollUps = await service.GetByIpAsync(range);

        Assert.Equal(byteOrder, fromTheRows.Select(ip => ip.IpAddress));
        Assert.Equal(byteOrder, fromTheRollUps.Select(ip => ip.IpAddress));
    }
}
