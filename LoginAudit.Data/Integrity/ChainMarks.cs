using System.Data.Common;

namespace LoginAudit.Data.Integrity;

/// <summary>Reads and moves <see cref="ChainMark"/>s on a connection the caller holds a transaction on.</summary>
internal static class ChainMarks
{
    public sealed record Mark(long RowId, long Seq, byte[] Hash);

    public static async Task<Mark?> ReadAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT row_id, seq, hash FROM {ChainMarkConfiguration.TableName} WHERE name = @name";
        command.AddParameter("@name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Mark(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2)) : null;
    }

    public static async Task WriteAsync(
        DbConnection connection, DbTransaction transaction, string name, Mark mark, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {ChainMarkConfiguration.TableName} (name, row_id, seq, hash, updated_at) VALUES (@name, @row_id, @seq, @hash, @updated_at)
            ON CONFLICT (name) DO UPDATE SET row_id = excluded.row_id, seq = excluded.seq, hash = excluded.hash, updated_at = excluded.updated_at
            """;
        command.AddParameter("@name", name);
        command.AddParameter("@row_id", mark.RowId);
        command.AddParameter("@seq", mark.Seq);
        command.AddParameter("@hash", mark.Hash);
        command.AddParameter("@updated_at", nowUtc);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
