using System.Data;
using System.Data.Common;
using LoginAudit.Data.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Integrity;

/// <summary>
/// Extends the <c>login_logs</c> hash chain over rows not sealed yet, in id order: each gets <c>chain_seq</c>,
/// <c>previous_hash</c> and <c>chain_hash</c> (see <see cref="ChainCanonicalForm"/>).
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

        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE login_logs SET chain_seq = @seq, previous_hash = @previous, chain_hash = @hash WHERE id = @id";
        var idParameter = update.AddParameter("@id");
        var seqParameter = update.AddParameter("@seq");
        var previousParameter = update.AddParameter("@previous");
        var hashParameter = update.AddParameter("@hash");
        idParameter.DbType = seqParameter.DbType = DbType.Int64;
        previousParameter.DbType = hashParameter.DbType = DbType.Binary;

        var pending = new List<(long Id, long Seq, byte[] Previous, byte[] Hash)>(BatchSize);
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT {ChainCanonicalForm.SelectList} FROM login_logs WHERE id > @after AND id <= @settled AND chain_hash IS NULL ORDER BY id LIMIT {BatchSize}";
            select.AddParameter("@after", head.RowId);
            select.AddParameter("@settled", settled);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            var buffer = new ChainCanonicalForm.RecordBuffer();
            var previous = head.Hash;
            var seq = head.Seq;
            while (await reader.ReadAsync(cancellationToken))
            {
                seq++;
                var hash = new byte[ChainCanonicalForm.HashLength];
                var record = ChainCanonicalForm.ReadRecord(reader);
                ChainCanonicalForm.Hash(record, seq, previous, buffer, hash);
                pending.Add(((long)record[0]!, seq, previous, hash));
                previous = hash;
            }
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        foreach (var (id, seq, previous, hash) in pending)
        {
            idParameter.Value = id;
            seqParameter.Value = seq;
            previousParameter.Value = previous;
            hashParameter.Value = hash;
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var last = pending[^1];
        await ChainMarks.WriteAsync(connection, transaction, ChainMark.Head, new ChainMarks.Mark(last.Id, last.Seq, last.Hash), clock.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics?.Sealed(pending.Count);
        return pending.Count;
    }

    /// <summary>Where to continue when the head mark is missing (deleted by hand): after the newest sealed row.</summary>
    private static async Task<ChainMarks.Mark?> LastSealedRowAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, chain_seq, chain_hash FROM login_logs WHERE chain_hash IS NOT NULL ORDER BY id DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new ChainMarks.Mark(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2)) : null;
    }
}
