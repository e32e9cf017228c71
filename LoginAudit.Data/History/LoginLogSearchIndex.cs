using System.Data.Common;

namespace LoginAudit.Data.History;

/// <summary>
/// SQLite only (PostgreSQL's trigram index is part of its table, see <see cref="LoginLogSearch"/>). Brings <c>login_logs_fts</c> up to date with <c>login_logs</c>: one statement indexes every row newer than the
/// newest indexed one. Each writer of rows runs it inside its write transaction (the audit writer once per group,
/// the demo seeder once per batch), and the start of the app runs it for rows anyone else wrote.
/// </summary>
/// <remarks>
/// Why not a trigger per row: FTS5 writes its pending index data as a new segment at every statement boundary, so a
/// trigger cost ~0.1 ms per audit row, most of the write. Inside a write transaction ids only grow, so "newer than
/// the newest indexed row" is exactly the unindexed rows, whoever wrote them; running it twice indexes nothing twice.
/// The newest indexed row is the last entry of FTS5's own per-row table (<c>login_logs_fts_docsize</c>, keyed by rowid).
/// </remarks>
public static class LoginLogSearchIndex
{
    /// <summary>The id of the newest indexed row, 0 when none is.</summary>
    public const string IndexedUpToSql = "(SELECT coalesce(max(id), 0) FROM login_logs_fts_docsize)";

    public const string IndexNewRowsSql = $"""
        INSERT INTO login_logs_fts(rowid, user_name, ip_address, browser, os, device_type, device_brand, device_model, location)
        SELECT id, user_name, ip_address, browser, os, device_type, device_brand, device_model, location
        FROM login_logs WHERE id > {IndexedUpToSql} ORDER BY id;
        """;

    /// <summary>Indexes the rows written since the last run; returns how many (none on PostgreSQL, which needs no such step).</summary>
    public static async Task<int> IndexNewRowsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        if (SqlDialect.For(connection).IndexNewRowsForSearchSql is not { } sql)
        {
            return 0;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
