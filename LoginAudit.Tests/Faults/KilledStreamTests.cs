using LoginAudit.Data.Auditing;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Faults;

/// <summary>A push stream of the real server process, killed with SIGKILL while a batch waits for its answer, then restarted.</summary>
[Collection(LoadCollection.Name)]
public sealed class KilledStreamTests : IAsyncLifetime
{
    private const string Secret = "stream-secret-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private TemporaryDatabase database = null!;
    private StreamReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAsync();
        await database.AddAsync(Rows(7, "before"));
        receiver = await StreamReceiver.StartAsync(Secret);
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Stream_AppKilledMidBatchThenRestarted_EveryRowArrivesAndNoneTwiceAfterACleanRestart()
    {
        receiver.Hold();
        await using var app = await AppProcess.StartAsync(database.FilePath, Settings());
        await receiver.WaitUntilAsync(current => current.Batches.Count >= 1, Patience, explain: () => app.Log);

        await app.KillAsync();
        receiver.Release();
        var cutOff = Assert.Single(receiver.Batches);
        Assert.False(cutOff.Acknowledged);

        await app.StartAsync();
        var before = await RowIdsAsync();
        await receiver.WaitUntilAsync(current => current.AcknowledgedRowIds.SequenceEqual(before), Patience, explain: () => app.Log);

        // The batch cut off by the kill is the only one sent again, whole and under the same batch id.
        Assert.Equal(cutOff.RowIds, before.Take(cutOff.Events.Count));
        Assert.Contains(receiver.Batches, batch => batch.Acknowledged && batch.BatchId == cutOff.BatchId);

        await app.StopAsync();
        await database.AddAsync(Rows(4, "after"));
        await app.StartAsync();
        var all = await RowIdsAsync();
        await receiver.WaitUntilAsync(current => current.AcknowledgedRowIds.SequenceEqual(all), Patience, explain: () => app.Log);

        Assert.Equal(11, all.Count);
        Assert.Equal(all, receiver.AcknowledgedRowIds);
        Assert.All(receiver.Batches, batch => Assert.True(batch.SignatureValid));
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["LoginAudit__Streams__siem__Url"] = receiver.Url.ToString(),
        ["LoginAudit__Streams__siem__Format"] = "jsonl",
        ["LoginAudit__Streams__siem__Secret"] = Secret,
        ["LoginAudit__Streams__siem__StartAt"] = "AllRows",
        ["LoginAudit__Streams__siem__BatchSize"] = "3",
        ["LoginAudit__Streams__siem__PollInterval"] = "00:00:00.2",
        ["LoginAudit__Streams__siem__RetryBaseDelay"] = "00:00:00.2",
        ["LoginAudit__Streams__siem__MaxRetryDelay"] = "00:00:01",
    };

    private static object[] Rows(int count, string label) =>
        Enumerable.Range(0, count)
            .Select(i => (object)LoginLogSeed.Log(LoginEventType.SignInFailed, DateTime.UtcNow.AddMinutes(-count + i), userName: $"{label}{i}@example.com"))
            .ToArray();

    private async Task<List<long>> RowIdsAsync()
    {
        await using var db = database.CreateDbContext();
        return db.LoginLogs.OrderBy(log => log.Id).Select(log => log.Id).ToList();
    }
}
