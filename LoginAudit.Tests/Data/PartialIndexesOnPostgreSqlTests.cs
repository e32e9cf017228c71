using LoginAudit.Data;
using LoginAudit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LoginAudit.Tests.Data;

/// <summary>
/// The hand-written part of PostgreSQL's migration <c>PartialIndexes</c>: its own indexes of <c>PostgreSqlDashboardIndexes</c>,
/// one replaced by the model's open-session index and one narrowed, and both back as they were when it is undone.
/// </summary>
[OnPostgreSql]
public sealed class PartialIndexesOnPostgreSqlTests : IAsyncLifetime
{
    private const string PreviousMigration = "20261202052027_FailureSourcesGroupOrderIndexOnSqliteOnly";

    private TemporaryDatabase database = null!;

    public async Task InitializeAsync() => database = await TemporaryDatabase.CreateAsync(DatabaseProvider.PostgreSQL);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [DatabaseFact]
    public async Task Migrated_OpenSessionsHaveOneIndexAndTheFailuresByAccountLeaveOutUnknownNames()
    {
        var indexes = await IndexDefinitionsAsync();

        Assert.DoesNotContain("ix_login_sessions_active", indexes.Keys);
        Assert.EndsWith("(user_id, expires_at, ended_at) WHERE (ended_at IS NULL)", indexes["ix_login_sessions_open"], StringComparison.Ordinal);
        Assert.Contains("AND (user_id IS NOT NULL)", indexes["ix_login_logs_failures_by_user_id"], StringComparison.Ordinal);
        Assert.EndsWith("WHERE (session_id IS NOT NULL)", indexes["ix_login_logs_session_id"], StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Undone_TheIndexesAreThoseOfBefore()
    {
        await using (var db = database.CreateDbContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration);
        }

        var indexes = await IndexDefinitionsAsync();

        Assert.DoesNotContain("ix_login_sessions_open", indexes.Keys);
        Assert.EndsWith("(expires_at) INCLUDE (user_id) WHERE (ended_at IS NULL)", indexes["ix_login_sessions_active"], StringComparison.Ordinal);
        Assert.DoesNotContain("user_id IS NOT NULL", indexes["ix_login_logs_failures_by_user_id"], StringComparison.Ordinal);
        Assert.DoesNotContain("WHERE", indexes["ix_login_logs_session_id"], StringComparison.Ordinal);
    }

    private async Task<Dictionary<string, string>> IndexDefinitionsAsync()
    {
        await using var db = database.CreateDbContext();
        var rows = await db.Database.SqlQueryRaw<string>(
                "SELECT indexname || '=' || indexdef AS \"Value\" FROM pg_indexes WHERE tablename IN ('login_logs', 'login_sessions')")
            .ToListAsync();
        return rows.Select(row => row.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
    }
}
