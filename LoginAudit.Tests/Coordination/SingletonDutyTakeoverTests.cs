using System.Net;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Coordination;
using LoginAudit.Tests.Faults;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Coordination;

/// <summary>
/// Two server processes on one database (a SQLite file and its lock files; a PostgreSQL database and its advisory locks):
/// one seals, sweeps and purges; kill it and the other takes over.
/// </summary>
[Collection(LoadCollection.Name)]
public class SingletonDutyTakeoverTests(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    private TemporaryDatabase database = null!;

    private const int SignInsPerPhase = 4;
    private static readonly TimeSpan SealInterval = TimeSpan.FromMilliseconds(200);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["LoginAudit__Integrity__SealInterval"] = SealInterval.ToString(),
        ["LoginAudit__Sessions__ExpirySweepInterval"] = "00:00:01",
    };

    public async Task InitializeAsync() => database = await TemporaryDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [DatabaseFact]
    public async Task DutyHolder_Killed_TheOtherInstanceTakesOverAndEveryRowIsSealedIntoAChainThatHolds()
    {
        await using var first = await AppProcess.StartAsync(database, Settings);
        await Eventually.HoldsAsync(() => Holds(first, SingletonDuties.ChainSealing), TimeSpan.FromSeconds(30), () => first.Log);
        await using var second = await AppProcess.StartAsync(database, Settings);

        // The second instance writes; the first seals what it wrote.
        await SignInAsync(second, "before");
        await Eventually.HoldsAsync(async () => await UnsealedRowsAsync() == 0, TimeSpan.FromSeconds(30), () => first.Log);
        Assert.False(Holds(second, SingletonDuties.ChainSealing), second.Log);

        await first.KillAsync();
        await SignInAsync(second, "after");

        await Eventually.HoldsAsync(async () => await UnsealedRowsAsync() == 0, SealInterval * 25, () => second.Log);
        Assert.True(Holds(second, SingletonDuties.ChainSealing), second.Log);
        // The sweep asks each second (the purge asks at its daily tick, too slow to wait for here).
        await Eventually.HoldsAsync(() => Holds(second, SingletonDuties.SessionExpiry), TimeSpan.FromSeconds(10), () => second.Log);
        Assert.Equal(2 * SignInsPerPhase, await SignInRowsAsync());
        var verify = await AppProcess.RunCommandAsync(database, "verify");
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("The chain holds", verify.Output);
    }

    private static bool Holds(AppProcess app, string duty) =>
        app.Log.Contains($"This instance now does the singleton duty {duty}.", StringComparison.Ordinal);

    private static async Task SignInAsync(AppProcess app, string phase)
    {
        for (var attempt = 0; attempt < SignInsPerPhase; attempt++)
        {
            using var browser = app.CreateBrowser($"Mozilla/5.0 (X11; Linux x86_64) TakeoverTest/{phase}.{attempt}");
            var response = await browser.SignInAsync(AppProcess.AdminEmail, AppProcess.AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    private async Task<int> UnsealedRowsAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.LoginLogs.CountAsync(log => !db.LoginLogSeals.Any(seal => seal.LoginLogId == log.Id));
    }

    private async Task<int> SignInRowsAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.LoginLogs.CountAsync(log => log.EventType == LoginEventType.SignInSucceeded);
    }
}

[OnPostgreSql]
public sealed class SingletonDutyTakeoverOnPostgreSqlTests() : SingletonDutyTakeoverTests(DatabaseProvider.PostgreSQL);
