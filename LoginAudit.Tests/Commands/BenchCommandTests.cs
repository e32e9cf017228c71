using System.Text.Json;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Commands;
using Npgsql;

namespace LoginAudit.Tests.Commands;

/// <summary>The README's benchmark command runs end to end and reports every figure; the figures themselves are not judged here.</summary>
[Collection(BenchCollection.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_OnASmallDatabase_PrintsEveryFigureWithNoBusyErrors()
    {
        var root = await BenchCollection.RunAsync("--provider", "Sqlite");

        Assert.Equal(300, root.GetProperty("rows").GetInt32());
        Assert.Equal("Sqlite", root.GetProperty("provider").GetString());
        Assert.True(root.GetProperty("database_bytes_per_row").GetDouble() > 0);
        var grid = root.GetProperty("queries_ms").GetProperty("grid_failed_7d_newest_first");
        Assert.True(grid.GetProperty("p95").GetDouble() > 0);
        Assert.True(grid.GetProperty("raw_sql_p95").GetDouble() > 0);
        var gridPlan = root.GetProperty("query_plans").GetProperty("grid_failed_7d_newest_first").EnumerateArray().Select(line => line.GetString()).ToList();
        Assert.Contains(gridPlan, line => line!.Contains("login_logs", StringComparison.Ordinal));
        var operations = root.GetProperty("operations");
        foreach (var writes in new[] { operations, operations.GetProperty("synchronous_full"), operations.GetProperty("into_bench_database_copy") })
        {
            Assert.True(writes.GetProperty("audit_writes_per_second_16_writers").GetDouble() > 0);
            Assert.Equal(4, writes.GetProperty("audit_writes_per_second_16_writers_later_rounds").EnumerateArray().Count(rate => rate.GetDouble() > 0));
            Assert.True(writes.GetProperty("audit_write_process_cpu_us_16_writers").GetDouble() > 0);
            Assert.Equal(0, writes.GetProperty("audit_busy_errors_16_writers").GetInt32());
        }

        Assert.InRange(operations.GetProperty("sign_in_ms").GetProperty("audit_share_percent").GetDouble(), 0.0, 100.0);
        Assert.Equal(300, operations.GetProperty("chain").GetProperty("verified_rows").GetInt32());
    }

    [Fact]
    public async Task Bench_WithDays_SeedsADatabaseOfItsOwnAndReportsTheDays()
    {
        var root = await BenchCollection.RunAsync("--provider", "Sqlite", "--days", "365");

        Assert.Equal(365, root.GetProperty("seed_days").GetInt32());
        Assert.EndsWith("bench-300-365d.db", root.GetProperty("database").GetString(), StringComparison.Ordinal);
        Assert.True(root.GetProperty("queries_ms").GetProperty("failures_by_ip_365d").GetProperty("p95").GetDouble() > 0);
    }

    [Fact]
    public async Task Bench_PostgreSqlServerUnreachable_ExitsWithOneAndNamesTheServer()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(
            ["bench", "--rows", "300", "--provider", "PostgreSQL", "--connection", "Host=127.0.0.1;Port=9;Username=nobody;Password=x;Timeout=2"],
            output, error, TextReader.Null, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("127.0.0.1:9 is not reachable", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }
}

/// <summary>The bench on PostgreSQL reports what it reports on SQLite, under the same keys, and names its provider.</summary>
[OnPostgreSql]
[Collection(BenchCollection.Name)]
public sealed class BenchCommandOnPostgreSqlTests : IAsyncLifetime
{
    public Task InitializeAsync() => DropBenchDatabaseAsync();

    // The bench keeps its database for the next run; the tests start from none, so that they seed only 300 rows.
    public Task DisposeAsync() => DropBenchDatabaseAsync();

    [DatabaseFact]
    public async Task Bench_OnPostgreSql_PrintsTheSqliteFiguresUnderTheSameKeys()
    {
        var postgreSql = await BenchCollection.RunAsync("--provider", "PostgreSQL", "--connection", PostgreSqlTestServer.ServerConnectionString);
        var sqlite = await BenchCollection.RunAsync("--provider", "Sqlite");

        Assert.Equal("PostgreSQL", postgreSql.GetProperty("provider").GetString());
        Assert.StartsWith("loginaudit_bench_", postgreSql.GetProperty("database").GetString()!.Split('/')[^1], StringComparison.Ordinal);
        Assert.Equal(KeysOf(sqlite), KeysOf(postgreSql));
        Assert.Equal(0, postgreSql.GetProperty("operations").GetProperty("audit_busy_errors_16_writers").GetInt32());
        Assert.Equal(300, postgreSql.GetProperty("operations").GetProperty("chain").GetProperty("verified_rows").GetInt32());
        var gridPlan = postgreSql.GetProperty("query_plans").GetProperty("grid_failed_7d_newest_first").EnumerateArray().Select(line => line.GetString()).ToList();
        Assert.Contains(gridPlan, line => line!.Contains("login_logs", StringComparison.Ordinal));
    }

    /// <summary>
    /// Every property path, without the engine's name (sqlite / postgresql) and what only a fresh or only a reused bench
    /// database reports (its marker; the sealing figures, which a sealed database has nothing left for; the roll-up catch-up,
    /// which only a database the roll-ups have not counted yet reports, one from an older version among them), and
    /// PostgreSQL's search index catch-up (SQLite's writers index their own rows).
    /// </summary>
    private static SortedSet<string> KeysOf(JsonElement root)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in element.EnumerateObject())
            {
                var key = path + "/" + property.Name;
                if (key is not ("/machine/sqlite" or "/machine/postgresql" or "/seed/bench_database_reused"
                    or "/operations/chain/sealed_rows" or "/operations/chain/seal_rows_per_second"
                    or "/seed/rollup_catch_up_rows" or "/seed/rollup_catch_up_rows_per_second"
                    or "/seed/search_index_catch_up_rows" or "/seed/search_index_catch_up_rows_per_second"))
                {
                    keys.Add(key);
                    Walk(property.Value, key);
                }
            }
        }

        Walk(root, string.Empty);
        return keys;
    }

    private static async Task DropBenchDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgreSqlTestServer.ServerConnectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        NpgsqlConnection.ClearAllPools();
        await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS loginaudit_bench_bench_300", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>The bench's runs share its files and databases: one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BenchCollection
{
    public const string Name = "bench";

    /// <summary>Runs <c>bench --rows 300</c> with <paramref name="options"/> and returns its JSON report.</summary>
    public static async Task<JsonElement> RunAsync(params string[] options)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["bench", "--rows", "300", .. options], output, error, TextReader.Null, CancellationToken.None);

        Assert.True(exitCode == 0, error.ToString());
        using var report = JsonDocument.Parse(output.ToString());
        return report.RootElement.Clone();
    }
}
