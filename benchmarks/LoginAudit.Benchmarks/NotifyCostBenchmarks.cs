using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LoginAudit.Data.Live;
using Npgsql;

namespace LoginAudit.Benchmarks;

/// <summary>
/// What a <c>NOTIFY</c> costs PostgreSQL's write path (docs/benchmarks/notify-cost.md): 16 writers commit audit-sized
/// rows, each row its own transaction (as without group commit) or 16 rows a transaction (a group commit), with no
/// notification, or one per transaction carrying the transaction's ids. A notifying commit holds one database-wide lock
/// until it is durable, so notifying commits cannot share a WAL flush: the cost is in the concurrency, not the message.
/// Needs the server of <c>LOGINAUDIT_BENCH_POSTGRES</c> (default: the local <c>loginaudit_scale</c> role and database).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class NotifyCostBenchmarks
{
    private const int Writers = 16;
    private const int RowsPerWriter = 64;

    private readonly string connectionString =
        Environment.GetEnvironmentVariable("LOGINAUDIT_BENCH_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=loginaudit_scale;Password=loginaudit_scale;Database=loginaudit_scale;Maximum Pool Size=40";

    private NpgsqlDataSource dataSource = null!;

    [Params(1, 16)]
    public int RowsPerTransaction { get; set; }

    [Params(false, true)]
    public bool Notify { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
        using var create = dataSource.CreateCommand("""
            DROP TABLE IF EXISTS notify_bench;
            CREATE TABLE notify_bench (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_type text NOT NULL,
                user_name text, ip_address inet, user_agent text, created_at timestamptz NOT NULL);
            """);
        create.ExecuteNonQuery();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using (var drop = dataSource.CreateCommand("DROP TABLE IF EXISTS notify_bench"))
        {
            drop.ExecuteNonQuery();
        }

        dataSource.Dispose();
    }

    /// <summary>Time per committed row.</summary>
    [Benchmark(OperationsPerInvoke = Writers * RowsPerWriter)]
    public Task CommitRows() => Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteAsync)));

    private async Task WriteAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var written = 0; written < RowsPerWriter; written += RowsPerTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var ids = new List<long>(RowsPerTransaction);
            for (var row = 0; row < RowsPerTransaction; row++)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO notify_bench (event_type, user_name, ip_address, user_agent, created_at) VALUES ('SignInFailed', 'alice@example.com', '203.0.113.9', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0.0.0', now()) RETURNING id",
                    connection, transaction);
                ids.Add((long)(await insert.ExecuteScalarAsync())!);
            }

            if (Notify)
            {
                await PostgresEventNotifications.NotifyAsync(connection, transaction, ids, CancellationToken.None, "notify_bench");
            }

            await transaction.CommitAsync();
        }
    }
}
