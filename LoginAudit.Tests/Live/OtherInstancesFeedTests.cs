using System.Collections.Concurrent;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Live;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Live;

/// <summary>
/// Two instances on one database (a SQLite file read each interval; PostgreSQL's LISTEN/NOTIFY, for which the clock's
/// advances do nothing): each tells its open pages about the other's rows, each row once.
/// </summary>
public class OtherInstancesFeedTests(DatabaseProvider provider = DatabaseProvider.Sqlite) : AppTest(provider: provider)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [DatabaseFact]
    public async Task RowWrittenByAnotherInstance_IsToldAfterAnIntervalAsNotWrittenHere()
    {
        await using var other = App.AnotherInstance();
        var received = Listen(other);

        await App.CreateBrowser().SignInAsync("nobody@example.com", "Whatever-1!");
        other.Clock.Advance(Interval);

        await Eventually.HoldsAsync(() => !received.IsEmpty, TimeSpan.FromSeconds(10), () => "the other instance was told nothing");
        var row = Assert.Single(await App.LoginLogsAsync());
        var notice = Assert.Single(received);
        Assert.Equal((row.Id, LoginEventType.SignInFailed, false), (notice.Id, notice.EventType, notice.WrittenHere));
    }

    [DatabaseFact]
    public async Task RowWrittenHere_IsToldOnceThoughTheTailReadsItToo()
    {
        await using var other = App.AnotherInstance();
        var here = Listen(App);
        var there = Listen(other);

        await App.CreateBrowser().SignInAsync("nobody@example.com", "Whatever-1!");
        await other.CreateBrowser().SignInAsync("somebody@example.com", "Whatever-1!");
        App.Clock.Advance(Interval);
        other.Clock.Advance(Interval);

        await Eventually.HoldsAsync(() => here.Count == 2 && there.Count == 2, TimeSpan.FromSeconds(10), () => $"{here.Count} here, {there.Count} there");
        // A tick more: whatever the tails read again must not be told twice.
        App.Clock.Advance(Interval);
        other.Clock.Advance(Interval);
        await App.CreateBrowser().SignInAsync("third@example.com", "Whatever-1!");
        other.Clock.Advance(Interval);
        await Eventually.HoldsAsync(() => here.Count == 3 && there.Count == 3, TimeSpan.FromSeconds(10), () => $"{here.Count} here, {there.Count} there");
        var ids = (await App.LoginLogsAsync()).Select(row => row.Id).ToList();
        Assert.Equal(ids, here.Select(notice => notice.Id).Order());
        Assert.Equal(ids, there.Select(notice => notice.Id).Order());
        Assert.Equal([true, false, true], here.OrderBy(notice => notice.Id).Select(notice => notice.WrittenHere));
    }

    [SqliteFact]
    public void Start_IntervalBelowATenthOfASecond_FailsNamingTheSetting()
    {
        using var broken = App.AnotherInstance(settings => settings["LoginAudit:Live:OtherInstancesInterval"] = "00:00:00.01");

        var failure = Assert.ThrowsAny<Exception>(() => broken.Services);

        Assert.Contains("LoginAudit:Live:OtherInstancesInterval", failure.Message);
    }

    private static ConcurrentQueue<LoginEventNotice> Listen(LoginAuditAppFactory instance)
    {
        var received = new ConcurrentQueue<LoginEventNotice>();
        instance.Services.GetRequiredService<LoginEventFeed>().Subscribe(notice =>
        {
            received.Enqueue(notice);
            return Task.CompletedTask;
        });
        return received;
    }
}

[OnPostgreSql]
public sealed class OtherInstancesFeedOnPostgreSqlTests() : OtherInstancesFeedTests(DatabaseProvider.PostgreSQL);
