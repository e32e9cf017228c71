using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.DemoData;
using LoginAudit.Data.History;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Retention;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.History;

/// <summary>
/// PostgreSQL's search index beside <c>login_logs</c> (<see cref="PostgreSqlSearchIndex"/>): it holds exactly the rows up to
/// its mark, through every writer and deleter of rows, and a search finds a row written after the last pass.
/// </summary>
[OnPostgreSql]
public sealed class PostgreSqlSearchIndexTests() : OperationsTest(DatabaseProvider.PostgreSQL)
{
    private static readonly DateTime January = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [DatabaseFact]
    public async Task IndexNewRows_RunTwice_CopiesEveryRowOnce()
    {
        await Database.AddAsync(Enumerable.Range(0, 30).Select(i => (object)Log(LoginEventType.SignInFailed, Now.AddMinutes(-i), userName: $"user{i}@example.com")).ToArray());

        Assert.Equal((30L, 0L), (await IndexAsync(), await IndexAsync()));
        await AssertIndexHoldsExactlyTheRowsAsync();
    }

    [DatabaseFact]
    public async Task IndexNewRows_SearchKey_IsTheRowsSearchTextInAsciiLowerCase()
    {
        await Database.AddAsync(Log(LoginEventType.SignInFailed, Now, userName: "Ärger.MALLORY@Example.com", ip: "2001:db8::7", browser: "Firefox", os: "Mac OS X", location: "Zürich, CH"));

        await IndexAsync();

        await using var db = Database.CreateDbContext();
        var row = await db.Set<LoginLogSearchRow>().SingleAsync();
        Assert.Equal(("Ärger.MALLORY@Example.com", "2001:db8::7"), (row.UserName, row.Address));
        Assert.Equal("Ärger.mallory@example.com 2001:db8::7 firefox mac os x desktop   zürich, ch", row.SearchKey);
    }

    [DatabaseFact]
    public async Task Search_RowWrittenAfterThePass_IsFoundAndCountedBeforeTheNextPass()
    {
        await Database.AddAsync(Enumerable.Range(1, 20).Select(i => (object)Log(LoginEventType.SignInFailed, Now.AddMinutes(-i), userName: "mallory@example.com")).ToArray());
        await IndexAsync();
        var written = Log(LoginEventType.SignInFailed, Now.AddSeconds(-1), userName: "mallory@example.com", browser: "Quokka");
        await Database.AddAsync(written);

        var quokka = await PageAsync("quokka");
        var mallory = await PageAsync("MALLORY");

        Assert.Equal((written.Id, 1), (Assert.Single(quokka.Rows).Id, quokka.Total));
        Assert.Equal((written.Id, 21), (mallory.Rows[0].Id, mallory.Total));
        Assert.Equal(20L, await IndexedCountAsync());
    }

    [DatabaseFact]
    public async Task Purge_IndexedRows_TakesTheirCopiesWithThemAndSearchesCountTheRowsLeft()
    {
        // Partitions for January to June; March's rows are in the default partition, so they go by row and not by month.
        await Services.GetRequiredService<LoginLogPartitions>().CreateAsync(January, January.AddMonths(1));
        await Services.GetRequiredService<LoginLogPartitions>().CreateAsync(January.AddMonths(3), January.AddMonths(5));
        await Database.AddAsync(Enumerable.Range(0, 6 * 4)
            .Select(i => (object)Log(LoginEventType.SignInSucceeded, January.AddMonths(i / 4).AddDays(9).AddHours(i % 4), userName: $"m{i / 4}@example.com"))
            .ToArray());
        await Services.GetRequiredService<ChainSealer>().SealAsync();
        await IndexAsync();

        var purged = await Services.GetRequiredService<RetentionPurger>().PurgeAsync(new DateTime(2026, 4, 15, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(12, purged.Rows);
        await AssertIndexHoldsExactlyTheRowsAsync();
        await using var db = Database.CreateDbContext();
        Assert.Equal(await db.LoginLogs.CountAsync(log => log.UserName != null && log.UserName.EndsWith("@example.com")), (await PageAsync("example.com", LoginHistoryRange.Custom, January.AddMonths(6))).Total);
    }

    [DatabaseFact]
    public async Task SeedDemo_ReplacingAPreviousSeed_IndexHoldsExactlyTheRowsAfterThePass()
    {
        var seeder = new DemoDataSeeder(Database, TimeProvider.System);
        await seeder.SeedAsync(new DemoDataOptions { Events = 2_000, Days = 10 });
        await IndexAsync();
        await seeder.SeedAsync(new DemoDataOptions { Events = 500, Days = 10, RandomSeed = 7 });

        await IndexAsync();

        await AssertIndexHoldsExactlyTheRowsAsync();
    }

    private async Task<long> IndexAsync()
    {
        await using var connection = await Database.OpenConnectionAsync();
        return await PostgreSqlSearchIndex.IndexNewRowsAsync(connection);
    }

    private async Task<long> IndexedCountAsync()
    {
        await using var db = Database.CreateDbContext();
        return await db.Set<LoginLogSearchRow>().LongCountAsync();
    }

    private Task<LoginHistoryPage> PageAsync(string search, LoginHistoryRange range = LoginHistoryRange.Last24Hours, DateTime? now = null) =>
        new LoginHistoryService(Database, TestAuditWindows.At(now ?? Now), Options.Create(new LoginHistoryOptions()))
            .GetPageAsync(new LoginHistoryFilter { Range = range, Search = search }, LoginHistorySort.NewestFirst, 0, 50);

    /// <summary>Every row is in the index with its own text, and nothing else is (the purge's own audit row may wait above the mark).</summary>
    private async Task AssertIndexHoldsExactlyTheRowsAsync()
    {
        await using var db = Database.CreateDbContext();
        var mark = await db.Set<LoginLogSearchRow>().MaxAsync(row => (long?)row.Id) ?? 0;
        var rows = await db.LoginLogs.AsNoTracking().Where(log => log.Id <= mark).OrderBy(log => log.Id)
            .Select(log => new { log.Id, log.CreatedAt, log.UserName, Address = (string?)IpNetworks.Text(log.IpAddress) })
            .ToListAsync();
        var indexed = await db.Set<LoginLogSearchRow>().AsNoTracking().OrderBy(row => row.Id)
            .Select(row => new { row.Id, row.CreatedAt, row.UserName, row.Address })
            .ToListAsync();
        Assert.Equal(rows, indexed);
        Assert.Equal(0, await db.LoginLogs.CountAsync(log => log.Id > mark && log.EventType != LoginEventType.AuditLogPurged));
    }
}
