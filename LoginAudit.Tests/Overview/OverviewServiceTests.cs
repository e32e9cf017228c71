using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Overview;
using LoginAudit.Tests.Infrastructure;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;
using Microsoft.Extensions.Time.Testing;

namespace LoginAudit.Tests.Overview;

public class OverviewServiceTests
{
    private readonly DatabaseProvider provider;

    public OverviewServiceTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected OverviewServiceTests(DatabaseProvider provider) => this.provider = provider;

    [DatabaseFact]
    public async Task Get_CountsTheRangeAndTheSessionsActiveNow()
    {
        await using var database = await TemporaryDatabase.CreateAsync(provider);
        await database.AddAsync(User(AliceId, "alice@example.com"), User(BobId, "bob@example.com"));
        await database.AddAsync(
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-5), AliceId, "alice@example.com", ip: "192.0.2.1", sessionId: "s1"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-4), AliceId, "alice@example.com", ip: "192.0.2.2", sessionId: "s2"),
            Log(LoginEventType.SignInSucceeded, Now.AddHours(-3), BobId, "bob@example.com", ip: "192.0.2.1", sessionId: "s3"),
            Log(LoginEventType.SignInFailed, Now.AddHours(-2), null, "root", LoginFailureReason.UnknownUser, ip: "203.0.113.9", suspicious: true),
            Log(LoginEventType.LockedOut, Now.AddHours(-1), BobId, "bob@example.com", ip: "203.0.113.9", suspicious: true),
            Log(LoginEventType.SignedOut, Now.AddMinutes(-30), AliceId, "alice@example.com", ip: "192.0.2.99", sessionId: "s1", suspicious: true),
            Log(LoginEventType.SignInFailed, Now.AddDays(-3), BobId, "bob@example.com", LoginFailureReason.InvalidPassword));
        await database.AddAsync(
            Session("s1", AliceId, Now.AddHours(-5), Now.AddHours(7), Now.AddMinutes(-30), LoginEventType.SignedOut),
            Session("s2", AliceId, Now.AddHours(-4), Now.AddHours(8)),
            Session("s3", BobId, Now.AddHours(-3), Now.AddMinutes(-1)));
        var service = new OverviewService(database, new FailureBreakdownService(database), new FakeTimeProvider(Now));

        var overview = await service.GetAsync(DashboardRange.Last(TimeSpan.FromDays(1), Now), top: 5, newest: 2);

        Assert.Equal(3, overview.SignIns);
        Assert.Equal(2, overview.Failures);
        Assert.Equal(0.4, overview.FailureRate, 6);
        Assert.Equal(2, overview.UniqueUsers);
        Assert.Equal(3, overview.UniqueIps);
        Assert.Equal(1, overview.ActiveSessions);
        Assert.Equal(3, overview.SuspiciousEvents);
        Assert.Equal(24, overview.Trend.Count);
        Assert.Equal(3, overview.Trend.Sum(bucket => bucket.Successes));
        Assert.Equal([LoginFailureReason.LockedOut, LoginFailureReason.UnknownUser], overview.TopFailureReasons.Select(reason => reason.Reason));
        Assert.Equal([new FailingIpCount("203.0.113.9", 2, 2)], overview.TopFailingIps);
        Assert.Contains(overview.TopFailingUserNames, name => name is { UserName: "root", IsUnknown: true });
        Assert.Equal([LoginEventType.SignedOut, LoginEventType.LockedOut], overview.NewestEvents.Select(log => log.EventType));
    }

    [DatabaseFact]
    public async Task Get_EmptyDatabase_IsAllZero()
    {
        await using var database = await TemporaryDatabase.CreateAsync(provider);
        var service = new OverviewService(database, new FailureBreakdownService(database), new FakeTimeProvider(Now));

        var overview = await service.GetAsync(DashboardRange.Last(TimeSpan.FromDays(7), Now));

        Assert.Equal((0, 0, 0.0, 0, 0, 0, 0), (overview.SignIns, overview.Failures, overview.FailureRate, overview.UniqueUsers, overview.UniqueIps, overview.ActiveSessions, overview.SuspiciousEvents));
        Assert.Empty(overview.NewestEvents);
        Assert.Equal(8, overview.Trend.Count);
    }
}

[OnPostgreSql]
public sealed class OverviewServiceOnPostgreSqlTests() : OverviewServiceTests(DatabaseProvider.PostgreSQL);
