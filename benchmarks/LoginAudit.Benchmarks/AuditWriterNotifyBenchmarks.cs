using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LoginAudit.Benchmarks;

/// <summary>
/// What the live feed's <c>NOTIFY</c> costs the real audit writer on PostgreSQL (docs/benchmarks/notify-cost.md): 16
/// callers each queue 64 audit rows through <see cref="AuditWriter"/> (group commit, one <c>NOTIFY</c> per group), with
/// the notification sent, or with <c>pg_notify</c> resolved to a no-op function of the same signature that the
/// connection's search path puts before <c>pg_catalog</c>: the same code on the same connections, with and without the
/// notification. Needs a role that may create databases: <c>LOGINAUDIT_BENCH_POSTGRES_SERVER</c> (default: the local
/// <c>loginaudit_test</c> role of the tests); the database <c>loginaudit_notify_bench</c> is made from the model and dropped.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AuditWriterNotifyBenchmarks
{
    private const int Callers = 16;
    private const int RowsPerCaller = 64;
    private const string Database = "loginaudit_notify_bench";

    private readonly string serverConnectionString =
        Environment.GetEnvironmentVariable("LOGINAUDIT_BENCH_POSTGRES_SERVER") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=loginaudit_test;Password=loginaudit_test";

    private AuditWriter writer = null!;

    [Params(false, true)]
    public bool Notify { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Database }.ConnectionString;
        using (var db = new LoginAuditDbContext(Options(connectionString)))
        {
            db.Database.EnsureDeleted();
            db.Database.EnsureCreated();
            db.Database.ExecuteSqlRaw("CREATE SCHEMA no_notify; CREATE FUNCTION no_notify.pg_notify(text, text) RETURNS void LANGUAGE sql AS ''");
        }

        var writerConnectionString = Notify
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "no_notify, pg_catalog, public" }.ConnectionString;
        writer = new AuditWriter(
            new ContextFactory(Options(writerConnectionString)),
            Microsoft.Extensions.Options.Options.Create(new LoginAuditOptions()),
            NullLogger<AuditWriter>.Instance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        writer.Dispose();
        NpgsqlConnection.ClearAllPools();
        using var db = new LoginAuditDbContext(Options(new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Database }.ConnectionString));
        db.Database.EnsureDeleted();
    }

    /// <summary>Time per committed row.</summary>
    [Benchmark(OperationsPerInvoke = Callers * RowsPerCaller)]
    public Task WriteRows() => Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(() => CallAsync(caller))));

    private async Task CallAsync(int caller)
    {
        for (var n = 0; n < RowsPerCaller; n++)
        {
            var row = new LoginLog
            {
                EventType = LoginEventType.SignInFailed,
                FailureReason = LoginFailureReason.InvalidPassword,
                UserName = $"caller{caller}@example.com",
                IpAddress = "203.0.113.9",
                UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0.0.0",
                CreatedAt = DateTime.UtcNow,
            };
            await writer.WriteAsync(async store =>
            {
                await store.InsertAsync(row);
                return row.Id;
            });
        }
    }

    private static DbContextOptions<LoginAuditDbContext> Options(string connectionString)
    {
        var options = new DbContextOptionsBuilder<LoginAuditDbContext>();
        LoginAuditDatabase.For(DatabaseProvider.PostgreSQL, connectionString).Configure(options);
        return options.Options;
    }

    /// <summary>The context has an <c>OnConfiguring</c>, which EF's pooled factory refuses; the writer opens one context per connection anyway.</summary>
    private sealed class ContextFactory(DbContextOptions<LoginAuditDbContext> options) : IDbContextFactory<LoginAuditDbContext>
    {
        public LoginAuditDbContext CreateDbContext() => new(options);
    }
}
