using System.Data.Common;
using LoginAudit.Data;
using LoginAudit.Data.Auditing;
using Npgsql;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// For the PostgreSQL tests of a smaller id still being written while a larger one commits: rows written as the audit
/// writer writes them, and whether something waits for those writes to end.
/// </summary>
public static class OpenAuditWrites
{
    /// <summary>A failed sign-in of <paramref name="userName"/>, inserted by <see cref="AuditStore"/> in <paramref name="transaction"/>; its id.</summary>
    public static async Task<long> InsertFailureAsync(DbConnection connection, DbTransaction transaction, string userName)
    {
        await using var store = new AuditStore(connection);
        store.Use(transaction);
        var row = LoginLogSeed.Log(LoginEventType.SignInFailed, DateTime.UtcNow, userName: userName, reason: LoginFailureReason.InvalidPassword);
        await store.InsertAsync(row);
        return row.Id;
    }

    /// <summary>Whether a session of the database waits for an advisory lock exclusively: the audit writes' lock, as the settled id takes it.</summary>
    public static async Task<bool> SomeoneWaitsForThemAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND mode = 'ExclusiveLock' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND (classid::bigint << 32) | objid::bigint = @key
            """,
            connection);
        waiting.Parameters.AddWithValue("key", SqlDialect.PostgreSqlAuditWriteLock);
        return (long)(await waiting.ExecuteScalarAsync())! >= 1;
    }
}
