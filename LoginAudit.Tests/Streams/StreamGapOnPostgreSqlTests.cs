using LoginAudit.Data;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Streams;

/// <summary>
/// PostgreSQL hands ids out at insert, so a smaller id may commit after a larger one: a push stream, which sends sealed
/// rows only, must send nothing past a smaller id still being written, and then both in id order, each once.
/// </summary>
[OnPostgreSql]
public sealed class StreamGapOnPostgreSqlTests : AppTest
{
    private const string Secret = "stream-secret-0123456789";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly int port;
    private StreamReceiver receiver = null!;

    public StreamGapOnPostgreSqlTests()
        : this(LocalServer.FreeLoopbackPort())
    {
    }

    private StreamGapOnPostgreSqlTests(int port)
        : base(settings => Configure(settings, port), DatabaseProvider.PostgreSQL) => this.port = port;

    public override async Task InitializeAsync() => receiver = await StreamReceiver.StartAsync(Secret, port);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [DatabaseFact]
    public async Task Stream_SmallerIdStillUncommitted_SendsNothingPastItThenBothInIdOrderOnce()
    {
        var contexts = App.Services.GetRequiredService<IDbContextFactory<LoginAuditDbContext>>();
        await using var slow = await contexts.OpenConnectionAsync();
        await using var slowWrite = await SqlDialect.PostgreSql.BeginAuditWriteAsync(slow);
        var smaller = await OpenAuditWrites.InsertFailureAsync(slow, slowWrite, "slow@example.com");
        long larger;
        // A plain transaction, without the audit writes' shared lock: had one of the app's duties queued for that lock
        // exclusively behind the open write, a second shared request would wait behind it, and the test with it.
        await using (var fast = await contexts.OpenConnectionAsync())
        await using (var fastWrite = await fast.BeginTransactionAsync())
        {
            larger = await OpenAuditWrites.InsertFailureAsync(fast, fastWrite, "fast@example.com");
            await fastWrite.CommitAsync();
        }

        // Seal intervals pass until a seal pass waits for the open write; meanwhile the larger id, committed, is neither
        // sealed nor sent.
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var connectionString = db.Database.GetConnectionString()!;
            await Eventually.HoldsAsync(
                async () =>
                {
                    App.Clock.Advance(TimeSpan.FromSeconds(3));
                    return await OpenAuditWrites.SomeoneWaitsForThemAsync(connectionString);
                },
                TimeSpan.FromSeconds(30),
                () => "no seal pass waits for the open write");
        }

        Assert.DoesNotContain(Delivered(), id => id >= smaller);
        await slowWrite.CommitAsync();

        await receiver.WaitUntilAsync(_ => Delivered().Contains(larger), Patience, App.Clock);
        var delivered = Delivered().Where(id => id >= smaller).ToList();
        Assert.Equal([smaller, larger], delivered);
    }

    private static void Configure(Dictionary<string, string?> settings, int port)
    {
        const string key = "LoginAudit:Streams:siem";
        settings[$"{key}:Url"] = StreamReceiver.UrlAt(port).ToString();
        settings[$"{key}:Format"] = "ocsf";
        settings[$"{key}:Secret"] = Secret;
        settings[$"{key}:StartAt"] = "AllRows";
        settings[$"{key}:BatchSize"] = "10";
        settings[$"{key}:RetryBaseDelay"] = "00:00:01";
        settings[$"{key}:MaxRetryDelay"] = "00:00:02";
    }

    private List<long> Delivered() =>
        receiver.Batches.Where(batch => batch.Acknowledged).SelectMany(batch => batch.RowIds).ToList();
}
