using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.History;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LoginAudit.Tests.Infrastructure.LoginLogSeed;

namespace LoginAudit.Tests.History;

/// <summary>A SQLite database whose rows were indexed with positions (before <c>SearchIndexWithoutPositions</c>), then upgraded.</summary>
public sealed class SearchIndexWithoutPositionsUpgradeTests : IAsyncLifetime
{
    private TemporaryDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TemporaryDatabase.CreateAtMigrationAsync("20261202020547_FailureSourceRollups");
        await database.AddAsync(Enumerable.Range(0, 30)
            .Select(n => (object)Log(LoginEventType.SignInFailed, Now.AddMinutes(-n), userName: $"upgrade-{n}@example.com", ip: $"198.51.100.{n}"))
            .ToArray());
        await using var db = database.CreateDbContext();

        // Indexed as they were written, with positions: a phrase query, which the index without them refuses, finds them.
        Assert.Equal(11, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM login_logs_fts WHERE login_logs_fts MATCH '\"upgrade-1\"'").SingleAsync());
        await db.MigrateLoginAuditDatabaseAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [SqliteFact]
    public async Task Migrate_IndexedRows_AreIndexedAgainWithoutPositions()
    {
        await using var db = database.CreateDbContext();

        var definition = await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name = 'login_logs_fts'").SingleAsync();
        var searched = await LoginHistoryQuery.Apply(db, new LoginHistoryFilter { Range = LoginHistoryRange.Custom, Search = "upgrade-1" }, Window()).CountAsync();

        Assert.Contains("detail=none", definition, StringComparison.Ordinal);
        Assert.Equal(11, searched); // upgrade-1 and upgrade-10 … upgrade-19
    }

    [SqliteFact]
    public async Task Migrate_ThenDeleteRows_LeavesTheIndexMatchingItsTable()
    {
        await using var db = database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM login_logs WHERE id % 2 = 0");

        // FTS5's own check of an external-content index against its table: fails loudly when they differ.
        await db.Database.ExecuteSqlRawAsync("INSERT INTO login_logs_fts(login_logs_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Equal(15, await LoginHistoryQuery.Apply(db, new LoginHistoryFilter { Range = LoginHistoryRange.Custom, Search = "example" }, Window()).CountAsync());
    }

    private static AuditWindow Window() => new(Now.AddMinutes(1), retentionDays: 365);
}
