using System.Collections.Concurrent;
using System.Net;
using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LoginAudit.Tests.Faults;

/// <summary>The real server process, killed with SIGKILL in the middle of a sign-in load, then started again.</summary>
[Collection(LoadCollection.Name)]
public sealed class KilledServerTests : IAsyncLifetime
{
    private const int Workers = 6;
    private const int AnsweredBeforeKill = 12;

    private readonly string directory = Directory.CreateTempSubdirectory("loginaudit-kill-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SignInLoad_ServerKilledAndRestarted_EveryAnsweredSignInHasItsRowAndTheDatabaseAndChainHold()
    {
        var databasePath = Path.Combine(directory, "loginaudit.db");
        await using var app = await AppProcess.StartAsync(databasePath);

        // Each attempt carries its own user agent, so its row can be told from every other.
        var answered = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
            {
                var agent = $"Mozilla/5.0 (X11; Linux x86_64) KillTest/{worker}.{attempt}";
                using var browser = app.CreateBrowser(agent);
                try
                {
                    var response = await browser.SignInAsync(AppProcess.AdminEmail, AppProcess.AdminPassword);
                    if (response.StatusCode == HttpStatusCode.Redirect)
                    {
                        answered.Add(agent);
                    }
                }
                catch (Exception) when (stop.IsCancellationRequested || answered.Count >= AnsweredBeforeKill)
                {
                    // The server is gone: requests in flight fail, which is the point.
                    return;
                }
            }
        }));
        var loadTask = Task.WhenAll(load);

        while (answered.Count < AnsweredBeforeKill && !loadTask.IsCompleted)
        {
            await Task.Delay(50);
        }

        await app.KillAsync();
        var answeredBeforeKill = answered.ToHashSet();
        stop.Cancel();
        await loadTask;

        await app.StartAsync();

        await using (var connection = new SqliteConnection($"Data Source={databasePath}"))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());

            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT user_agent FROM login_logs WHERE event_type = '{LoginEventType.SignInSucceeded}'";
            var written = new HashSet<string>();
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                written.Add(reader.GetString(0));
            }

            Assert.True(answeredBeforeKill.Count >= AnsweredBeforeKill, $"Only {answeredBeforeKill.Count} sign-ins were answered before the kill:\n{app.Log}");
            Assert.Empty(answeredBeforeKill.Except(written));
        }

        var verify = await AppProcess.RunCommandAsync(databasePath, "verify");
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains("The chain holds", verify.Output);
        Assert.DoesNotContain("database is locked", app.Log, StringComparison.OrdinalIgnoreCase);
    }
}
