using System.Data.Common;

namespace LoginAudit.Data.Integrity;

/// <summary>Reads the seals of a range of ids, by the seal table's key alone (see <see cref="ChainSealer"/> on why not a join).</summary>
internal static class LoginLogSealRange
{
    /// <summary>The seals of the rows with ids from <paramref name="firstId"/> to <paramref name="lastId"/>, as marks (the row's id, position and hash).</summary>
    public static async Task<Dictionary<long, ChainMarks.Mark>> ReadAsync(DbConnection connection, DbTransaction transaction, long firstId, long lastId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT login_log_id, chain_seq, chain_hash FROM {LoginLogSealConfiguration.TableName} WHERE login_log_id >= @first AND login_log_id <= @last";
        command.AddParameter("@first", firstId);
        command.AddParameter("@last", lastId);
        var seals = new Dictionary<long, ChainMarks.Mark>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            seals[reader.GetInt64(0)] = new ChainMarks.Mark(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2));
        }

        return seals;
    }
}
