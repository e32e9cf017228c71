using System.Data.Common;

namespace LoginAudit.Data.History;

/// <summary>
/// PostgreSQL's search index, <c>login_log_search</c> (<see cref="LoginLogSearchRow"/>): what a search reads of each
/// <c>login_logs</c> row, in a narrow table of its own with the trigram index, filled after the write instead of by it
/// (decision 0010). An audit insert maintains no trigram index; the search index duty copies settled rows here in batches.
/// </summary>
/// <remarks>
/// <para>
/// The mark is the newest indexed id (<see cref="IndexedUpToSql"/>): every row up to it is here and every row above it is
/// not, because a pass copies only rows whose id is settled (<see cref="SqlDialect.SettledIdAsync"/>: no smaller id can
/// still commit) and in id order. <c>login_logs</c> is insert-only, so a copied row never changes; whoever deletes rows
/// deletes their copies in the same transaction (<see cref="ForgetUpToAsync"/>: the retention purge,
/// <see cref="ForgetPartitionAsync"/>: a dropped month, <see cref="ForgetAllAsync"/>: the demo seeder, whose next pass
/// copies what is left), holding the chain's write lock as each pass does, so a pass never copies a row being deleted.
/// </para>
/// <para>
/// A search reads the index up to the mark and the rows above it from <c>login_logs</c> (<see cref="PostgreSqlSearch"/>), in
/// one snapshot: a row written a moment ago is found before any pass, and every count is a count of the rows.
/// </para>
/// </remarks>
public static class PostgreSqlSearchIndex
{
    public const string TableName = "login_log_search";

    /// <summary>The trigram index over <see cref="LoginLogSearchRow.SearchKey"/> (its pending list is merged after each pass).</summary>
    public const string TrigramIndexName = "ix_login_log_search_key";

    /// <summary>Rows copied a transaction: a catch-up over a million rows holds the chain's write lock in short steps.</summary>
    public const int BatchSize = 20_000;

    /// <summary>The id of the newest indexed row, 0 when none is.</summary>
    public const string IndexedUpToSql = $"SELECT coalesce(max(id), 0) FROM {TableName}";

    private static readonly string CopyBatchSql = $"""
        INSERT INTO {TableName} (id, created_at, user_name, address, search_key)
        SELECT id, created_at, user_name, host(ip_address),
               lower(login_log_search_text(user_name, ip_address, browser, os, device_type, device_brand, device_model, location) COLLATE "C")
        FROM login_logs
        WHERE id > ({IndexedUpToSql}) AND id <= @settled
        ORDER BY id
        LIMIT {BatchSize}
        """;

    /// <summary>
    /// Copies the settled rows above the mark into the index, in batches; returns how many. Safe to run anywhere at any
    /// time (each batch reads the mark under the chain's write lock); the search index duty runs it. Nothing on SQLite,
    /// whose writers index their own rows (<see cref="LoginLogSearchIndex"/>).
    /// </summary>
    public static async Task<long> IndexNewRowsAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        var dialect = SqlDialect.For(connection);
        if (dialect != SqlDialect.PostgreSql)
        {
            return 0;
        }

        var copied = 0L;
        while (true)
        {
            var settled = await dialect.SettledIdAsync(connection, cancellationToken);
            int rows;
            await using (var transaction = await dialect.BeginChainWriteAsync(connection, cancellationToken))
            {
                await using var copy = connection.CreateCommand();
                copy.Transaction = transaction;
                copy.CommandText = CopyBatchSql;
                copy.AddParameter("@settled", settled);
                rows = await copy.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            copied += rows;
            if (rows < BatchSize)
            {
                break;
            }
        }

        if (copied > 0)
        {
            // New entries wait in the GIN index's pending list, which every search reads whole: merged now, by this duty.
            await using var merge = connection.CreateCommand();
            merge.CommandText = $"SELECT gin_clean_pending_list('{TrigramIndexName}'::regclass)";
            await merge.ExecuteScalarAsync(cancellationToken);
        }

        return copied;
    }

    /// <summary>The newest indexed id, 0 when none is.</summary>
    public static async Task<long> IndexedUpToAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = IndexedUpToSql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Deletes the copies of the rows up to <paramref name="lastId"/>, in the transaction that deletes those rows (PostgreSQL only).</summary>
    public static Task ForgetUpToAsync(DbConnection connection, DbTransaction transaction, long lastId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(connection, transaction, $"DELETE FROM {TableName} WHERE id <= @last", ("@last", lastId), cancellationToken);

    /// <summary>Deletes the copies of the rows of the month partition <paramref name="partition"/>, in the transaction that drops it.</summary>
    public static Task ForgetPartitionAsync(DbConnection connection, DbTransaction transaction, string partition, CancellationToken cancellationToken = default) =>
        ExecuteAsync(connection, transaction, $"DELETE FROM {TableName} indexed USING {partition} row WHERE indexed.id = row.id", null, cancellationToken);

    /// <summary>Forgets every copy, in a transaction that deletes rows anywhere: the next pass copies what is left.</summary>
    public static Task ForgetAllAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken = default) =>
        ExecuteAsync(connection, transaction, $"DELETE FROM {TableName}", null, cancellationToken);

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction transaction, string sql, (string Name, object Value)? parameter, CancellationToken cancellationToken)
    {
        if (SqlDialect.For(connection) != SqlDialect.PostgreSql)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (parameter is var (name, value))
        {
            command.AddParameter(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
