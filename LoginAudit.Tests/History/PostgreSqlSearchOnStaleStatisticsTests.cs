using System.Text.Json;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Commands;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.History;

/// <summary>
/// PostgreSQL's search when the search index's statistics are older than a term's rows (an attack, a bulk load, before
/// autovacuum analyses the table): the frequent term's count and page walk the index in time order as the probe predicts,
/// and no statement the page sends reads every match because the planner thought them few.
/// </summary>
[OnPostgreSql]
public sealed class PostgreSqlSearchOnStaleStatisticsTests() : OperationsTest(DatabaseProvider.PostgreSQL)
{
    private const int OlderRows = 3_000;
    private const int NewerMatches = 1_500;
    private static readonly LoginHistoryOptions SmallWalk = new() { CountCap = 100, SearchProbeRows = 50, SearchWalkRows = 500 };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.AddAsync(Enumerable.Range(0, OlderRows).Reverse()
            .Select(i => (object)Log(LoginEventType.SignInSucceeded, Now.AddDays(-1).AddMinutes(-i), userName: $"user{i % 50}@example.com"))
            .ToArray());
        await IndexAndRunAsync("ALTER TABLE login_log_search SET (autovacuum_enabled = false); ANALYZE login_log_search");

        // Written after the statistics: they say no row holds "mallory".
        await Database.AddAsync(Enumerable.Range(0, NewerMatches).Reverse()
            .Select(i => (object)Log(LoginEventType.SignInFailed, Now.AddSeconds(-10 * i - 1), userName: "mallory@example.com", reason: LoginFailureReason.InvalidPassword))
            .ToArray());
        await IndexAndRunAsync(null);
    }

    [DatabaseFact]
    public async Task FrequentTermNewerThanTheStatistics_NewestFirst_NoStatementReadsMoreIndexRowsThanTheWalk()
    {
        var replay = new RawSqlReplay();
        var service = new LoginHistoryService(Database.Database.CreatePooledFactory(replay), TestAuditWindows.At(Now), Options.Create(SmallWalk));

        LoginHistoryPage page = null!;
        var commands = await replay.RecordAsync(async () => page = await service.GetPageAsync(
            new LoginHistoryFilter { Range = LoginHistoryRange.Last30Days, Search = "mallory" }, LoginHistorySort.NewestFirst, 0, 10));

        Assert.Equal((SmallWalk.CountCap, true), (page.Total, page.TotalIsCapped));
        await using var db = Database.CreateDbContext();
        var newest = await db.LoginLogs.Where(log => log.UserName == "mallory@example.com").OrderByDescending(log => log.CreatedAt).Take(10).Select(log => log.Id).ToListAsync();
        Assert.Equal(newest, page.Rows.Select(row => row.Id));

        await using var connection = await Database.OpenConnectionAsync();
        var readsPerStatement = new List<long>();
        foreach (var recorded in commands.Where(recorded => !recorded.IsSetting))
        {
            await using var explain = recorded.CreateCommand(connection, "EXPLAIN (ANALYZE, FORMAT JSON) " + recorded.Sql);
            using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
            readsPerStatement.Add(SearchIndexRowsRead(plan.RootElement[0].GetProperty("Plan")));
        }

        Assert.Contains(readsPerStatement, reads => reads > 0);
        Assert.All(readsPerStatement, reads => Assert.InRange(reads, 0, SmallWalk.SearchWalkRows));
    }

    /// <summary>The most rows any one step of the plan read from <c>login_log_search</c>: those it kept and those its filters removed.</summary>
    private static long SearchIndexRowsRead(JsonElement node)
    {
        long Number(string name) => node.TryGetProperty(name, out var value) ? (long)value.GetDouble() : 0;
        var own = node.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "login_log_search"
            ? (Number("Actual Rows") + Number("Rows Removed by Filter") + Number("Rows Removed by Index Recheck")) * Math.Max(1, Number("Actual Loops"))
            : 0;
        return node.TryGetProperty("Plans", out var children) ? children.EnumerateArray().Select(SearchIndexRowsRead).Append(own).Max() : own;
    }

    private async Task IndexAndRunAsync(string? sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await PostgreSqlSearchIndex.IndexNewRowsAsync(connection);
        if (sql is not null)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
