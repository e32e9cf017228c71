using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using LoginAudit.Data.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Integrity;

/// <summary>
/// Extends the <c>login_logs</c> hash chain over rows not sealed yet, in id order: each gets a <see cref="LoginLogSeal"/>
/// (<c>chain_seq</c>, <c>previous_hash</c>, <c>chain_hash</c>, see <see cref="ChainCanonicalForm"/>), inserted into
/// <c>login_log_seals</c>; <c>login_logs</c> rows are never updated.
/// </summary>
/// <remarks>
/// Sealing after the write, instead of inside it, keeps sign-ins as fast as before and needs no coordination
/// between writers: only rows below <see cref="SqlDialect.SettledIdAsync"/> are sealed, and no row can appear there any
/// more (SQLite: AUTOINCREMENT, one writer at a time; PostgreSQL: see <see cref="SqlDialect"/>), so whatever is sealed in
/// id order is sealed in the order rows were committed, whoever wrote them (the recorder, the demo seeder's raw SQL).
/// Each batch is one short write transaction that reads the head, seals and moves the head, so two sealers
/// (the background service and a command, even in two processes) never fork the chain.
/// </remarks>
public sealed class ChainSealer(IDbContextFactory<LoginAuditDbContext> contexts, TimeProvider clock, LoginAuditMetrics? metrics = null)
{
    public const int BatchSize = 2_000;

    // 4 parameters a row: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters a statement.
    private const int RowsPerInsert = 250;

    // Between batches of a long backlog (a seeded database), so that sign-ins waiting for the write lock get it.
    private static readonly TimeSpan PauseBetweenBatches = TimeSpan.FromMilliseconds(10);

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Seals every row written so far; returns how many were sealed.</summary>
    public async Task<int> SealAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await contexts.OpenConnectionAsync(cancellationToken);
            var sealedRows = 0;
            while (true)
            {
                var batch = await SealBatchAsync(connection, cancellationToken);
                sealedRows += batch;
                if (batch < BatchSize)
                {
                    return sealedRows;
                }

                await Task.Delay(PauseBetweenBatches, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> SealBatchAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var dialect = SqlDialect.For(connection);
        var settled = await dialect.SettledIdAsync(connection, cancellationToken);

        // The head is read under the chain's write lock, so no other sealer can extend the chain meanwhile.
        await using var transaction = await dialect.BeginChainWriteAsync(connection, cancellationToken);
        var head = await ChainMarks.ReadAsync(connection, transaction, ChainMark.Head, cancellationToken)
            ?? await LastSealedRowAsync(connection, transaction, cancellationToken)
            ?? await ChainMarks.ReadAsync(connection, transaction, ChainMark.Anchor, cancellationToken)
            ?? new ChainMarks.Mark(0, 0, ChainCanonicalForm.GenesisHash.ToArray());

        var rows = await UnsealedRowsAsync(connection, transaction, head.RowId, settled, cancellationToken);
        var pending = new List<(long Id, long Seq, byte[] Previous, byte[] Hash)>(rows.Count);
        var buffer = new ChainCanonicalForm.RecordBuffer();
        var previous = head.Hash;
        var seq = head.Seq;
        foreach (var record in rows)
        {
            seq++;
            var hash = new byte[ChainCanonicalForm.HashLength];
            ChainCanonicalForm.Hash(record, seq, previous, buffer, hash);
            pending.Add(((long)record[0]!, seq, previous, hash));
            previous = hash;
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        await InsertSealsAsync(connection, transaction, pending, cancellationToken);

        var last = pending[^1];
        await ChainMarks.WriteAsync(connection, transaction, ChainMark.Head, new ChainMarks.Mark(last.Id, last.Seq, last.Hash), clock.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics?.Sealed(pending.Count);
        return pending.Count;
    }

    /// <summary>
    /// The next rows after <paramref name="after"/> (the head) up to <paramref name="settled"/> that have no seal, at most
    /// <see cref="BatchSize"/>. Rows above the head have none, unless seals were added by hand: those rows are skipped, as
    /// sealed rows always were. Two range scans in id order (the rows, then the seals among them), never a join: PostgreSQL
    /// would join a window of rows to the whole seal table by hashing it.
    /// </summary>
    private static async Task<List<object?[]>> UnsealedRowsAsync(DbConnection connection, DbTransaction transaction, long after, long settled, CancellationToken cancellationToken)
    {
        while (true)
        {
            var rows = new List<object?[]>(BatchSize);
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = $"SELECT {ChainCanonicalForm.HashedSelectList} FROM login_logs WHERE id > @after AND id <= @settled ORDER BY id LIMIT {BatchSize}";
                select.AddParameter("@after", after);
                select.AddParameter("@settled", settled);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(ChainCanonicalForm.ReadRecord(reader));
                }
            }

            if (rows.Count == 0)
            {
                return rows;
            }

            var last = (long)rows[^1][0]!;
            var sealedIds = new HashSet<long>();
            await using (var seals = connection.CreateCommand())
            {
                seals.Transaction = transaction;
                seals.CommandText = $"SELECT login_log_id FROM {LoginLogSealConfiguration.TableName} WHERE login_log_id > @after AND login_log_id <= @last";
                seals.AddParameter("@after", after);
                seals.AddParameter("@last", last);
                await using var reader = await seals.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    sealedIds.Add(reader.GetInt64(0));
                }
            }

            rows.RemoveAll(row => sealedIds.Contains((long)row[0]!));
            if (rows.Count > 0 || sealedIds.Count < BatchSize)
            {
                return rows;
            }

            after = last;
        }
    }

    /// <summary>
    /// Inserts the batch's seals in id order, <see cref="RowsPerInsert"/> to a statement: one statement per row cost a
    /// round trip and a statement execution each (measured in the README's bench notes), and the rows of one statement
    /// land next to each other in the table's key order.
    /// </summary>
    private static async Task InsertSealsAsync(DbConnection connection, DbTransaction transaction, List<(long Id, long Seq, byte[] Previous, byte[] Hash)> seals, CancellationToken cancellationToken)
    {
        for (var start = 0; start < seals.Count; start += RowsPerInsert)
        {
            var count = Math.Min(RowsPerInsert, seals.Count - start);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO {LoginLogSealConfiguration.TableName} (login_log_id, chain_seq, previous_hash, chain_hash) VALUES ", 64 + (count * 40));
            for (var i = 0; i < count; i++)
            {
                var (id, seq, previous, hash) = seals[start + i];
                sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}(@i{i}, @s{i}, @p{i}, @h{i})");
                Add(insert, $"@i{i}", DbType.Int64, id);
                Add(insert, $"@s{i}", DbType.Int64, seq);
                Add(insert, $"@p{i}", DbType.Binary, previous);
                Add(insert, $"@h{i}", DbType.Binary, hash);
            }

            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        static void Add(DbCommand command, string name, DbType type, object value)
        {
            var parameter = command.AddParameter(name, value);
            parameter.DbType = type;
        }
    }

    /// <summary>Where to continue when the head mark is missing (deleted by hand): after the newest sealed row.</summary>
    private static async Task<ChainMarks.Mark?> LastSealedRowAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT login_log_id, chain_seq, chain_hash FROM {LoginLogSealConfiguration.TableName} ORDER BY login_log_id DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ChainMarks.Mark(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2)) : null;
    }
}
