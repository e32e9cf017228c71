using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Detection;
using LoginAudit.Tests.Infrastructure;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.Detection;

public sealed class SuspiciousActivityServiceTests : IAsyncLifetime
{
    private TemporaryDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(
            Flagged(Now.AddHours(-4), "a", "NewDevice,NewCity"),
            Flagged(Now.AddHours(-3), "b", "NewDevice,NewCity"),
            Flagged(Now.AddHours(-2), "c", "NewDevice"),
            Flagged(Now.AddHours(-1), "d", "BotUserAgent"),
            Flagged(Now.AddDays(-2), "old", "BruteForce"),
            Log(LoginEventType.SignInSucceeded, Now.AddMinutes(-5), userName: "clean"));
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    private static LoginLog Flagged(DateTime at, string userName, string reasons)
    {
        var log = Log(LoginEventType.SignInSucceeded, at, userName: userName, suspicious: true);
        log.SuspiciousReasons = reasons;
        return log;
    }

    [Fact]
    public async Task Get_Range_CountsEachReasonOfEachCombinationOnce()
    {
        var activity = await new SuspiciousActivityService(database).GetAsync(new DashboardRange(Now.AddDays(-1), Now));

        Assert.Equal(4, activity.Total);
        Assert.Equal(
            [(SuspicionReasons.NewDevice, 3), (SuspicionReasons.NewCountry, 0), (SuspicionReasons.NewCity, 2), (SuspicionReasons.ImpossibleTravel, 0),
             (SuspicionReasons.BruteForce, 0), (SuspicionReasons.PasswordSpraying, 0), (SuspicionReasons.BotUserAgent, 1),
             (SuspicionReasons.HostingNetwork, 0)],
            activity.ByReason.Select(count => (count.Reason, count.Count)));
    }

    [Fact]
    public async Task Get_Newest_AreTheLatestSuspiciousEventsOfTheRange()
    {
        var activity = await new SuspiciousActivityService(database).GetAsync(new DashboardRange(Now.AddDays(-1), Now), newest: 2);

        Assert.Equal(["d", "c"], activity.Newest.Select(log => log.UserName));
    }
}
