using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.Sqlite;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.History;

/// <summary>The search index catches up with rows whoever wrote them, indexes each once, and stays consistent through deletes.</summary>
public sealed class LoginLogSearchIndexTests : IAsyncLifetime
{
    private TemporaryDatabase database = null!;

    public async Task InitializeAsync() => database = await TemporaryDatabase.CreateAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task IndexNewRows_AfterRowsWrittenWithoutIndexing_IndexesEachOfThemOnce()
    {
        await AddWithoutIndexingAsync("first@example.com", "second@example.com");
        await using var connection = await database.OpenConnectionAsync();

        Assert.Equal(0L, await MatchesAsync(connection, "second@example"));
        var indexed = await LoginLogSearchIndex.IndexNewRowsAsync(connection, null);
        var again = await LoginLogSearchIndex.IndexNewRowsAsync(connection, null);

        Assert.True(indexed > 0);
        Assert.Equal(0, again);
        Assert.Equal(1L, await MatchesAsync(connection, "second@example"));
        await AssertIndexIntactAsync(connection);
    }

    [Fact]
    public async Task DeletingRows_IndexedAndNot_LeavesTheIndexConsistentWithTheTable()
    {
        await database.AddAsync(LoginLogSeed.Log(LoginEventType.SignInFailed, LoginLogSeed.Now, userName: "indexed@example.com"));
        await AddWithoutIndexingAsync("unindexed@example.com");
        await using var connection = await database.OpenConnectionAsync();

        await ExecuteAsync(connection, "DELETE FROM login_logs");
        await LoginLogSearchIndex.IndexNewRowsAsync(connection, null);

        Assert.Equal(0L, await MatchesAsync(connection, "indexed@example"));
        await AssertIndexIntactAsync(connection);
    }

    [Fact]
    public async Task Migrating_ADatabaseWithUnindexedRows_IndexesThem()
    {
        await AddWithoutIndexingAsync("before-restart@example.com");

        await using (var db = database.CreateDbContext())
        {
            await db.MigrateLoginAuditDatabaseAsync();
        }

        await using var connection = await database.OpenConnectionAsync();
        Assert.Equal(1L, await MatchesAsync(connection, "before-restart"));
    }

    private async Task AddWithoutIndexingAsync(params string[] userNames)
    {
        await using var db = database.CreateDbContext();
        db.LoginLogs.AddRange(userNames.Select(name => LoginLogSeed.Log(LoginEventType.SignInFailed, LoginLogSeed.Now, userName: name)));
        await db.SaveChangesAsync();
    }

    private static async Task<long> MatchesAsync(System.Data.Common.DbConnection connection, string term)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM login_logs_fts WHERE login_logs_fts MATCH $query";
        command.AddParameter("$query", LoginLogSearch.ToFtsQuery(term));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>FTS5's own check of an external-content index against its table (rank 1: compare with the content).</summary>
    private static Task AssertIndexIntactAsync(System.Data.Common.DbConnection connection) =>
        ExecuteAsync(connection, "INSERT INTO login_logs_fts(login_logs_fts, rank) VALUES ('integrity-check', 1)");

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
