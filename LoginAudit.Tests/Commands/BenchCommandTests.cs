using System.Text.Json;
using LoginAudit.Web.Commands;

namespace LoginAudit.Tests.Commands;

/// <summary>The README's benchmark command runs end to end and reports every figure; the figures themselves are not judged here.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_OnASmallDatabase_PrintsEveryFigureWithNoBusyErrors()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await CommandLine.RunAsync(["bench", "--rows", "300"], output, error, TextReader.Null, CancellationToken.None);

        Assert.True(exitCode == 0, error.ToString());
        using var report = JsonDocument.Parse(output.ToString());
        var root = report.RootElement;
        Assert.Equal(300, root.GetProperty("rows").GetInt32());
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
            Assert.Equal(0, writes.GetProperty("audit_busy_errors_16_writers").GetInt32());
        }

        Assert.InRange(operations.GetProperty("sign_in_ms").GetProperty("audit_share_percent").GetDouble(), 0.0, 100.0);
        Assert.Equal(300, operations.GetProperty("chain").GetProperty("verified_rows").GetInt32());
    }
}
