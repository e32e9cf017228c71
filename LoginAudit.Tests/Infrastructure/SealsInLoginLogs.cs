using LoginAudit.Data;
using LoginAudit.Data.Integrity;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// The hash chain as versions before the <c>LoginLogSeals</c> migration kept it, in <c>login_logs</c>' own
/// <c>chain_seq</c>, <c>previous_hash</c> and <c>chain_hash</c>: for upgrade tests that start from such a database.
/// </summary>
public static class SealsInLoginLogs
{
    /// <summary>
    /// Seals the rows of a database migrated to before <c>LoginLogSeals</c> as that version did: today's sealer (the same
    /// canonical form, head mark and batches) into a stand-in seal table, whose seals then move into the old columns.
    /// </summary>
    public static async Task<int> SealAsync(TemporaryDatabase database)
    {
        var create = database.Provider == DatabaseProvider.PostgreSQL
            ? "CREATE TABLE login_log_seals (login_log_id bigint PRIMARY KEY, chain_seq bigint NOT NULL, previous_hash bytea NOT NULL, chain_hash bytea NOT NULL)"
            : "CREATE TABLE login_log_seals (login_log_id INTEGER PRIMARY KEY, chain_seq INTEGER NOT NULL, previous_hash BLOB NOT NULL, chain_hash BLOB NOT NULL)";
        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync(create);
        }

        var sealedRows = await new ChainSealer(database, TimeProvider.System).SealAsync();
        await using (var db = database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE login_logs SET chain_seq = s.chain_seq, previous_hash = s.previous_hash, chain_hash = s.chain_hash
                FROM login_log_seals s WHERE s.login_log_id = login_logs.id
                """);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE login_log_seals");
        }

        return sealedRows;
    }

    /// <summary>Each row's <c>id|chain_seq|chain_hash</c> (hex) from the old columns, in id order; empty seal parts for an unsealed row.</summary>
    public static async Task<List<string>> DescribeAsync(TemporaryDatabase database)
    {
        var sql = database.Provider == DatabaseProvider.PostgreSQL
            ? "SELECT CAST(id AS text) || '|' || coalesce(CAST(chain_seq AS text), '') || '|' || coalesce(upper(encode(chain_hash, 'hex')), '') AS \"Value\" FROM login_logs ORDER BY id"
            : "SELECT CAST(id AS text) || '|' || coalesce(CAST(chain_seq AS text), '') || '|' || coalesce(hex(chain_hash), '') AS \"Value\" FROM login_logs ORDER BY id";
        await using var db = database.CreateDbContext();
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
    }

    /// <summary>The same description from <c>login_log_seals</c>, after the migration.</summary>
    public static async Task<List<string>> DescribeMovedAsync(TemporaryDatabase database)
    {
        await using var db = database.CreateDbContext();
        return (await db.LoginLogs.AsNoTracking().OrderBy(log => log.Id).ToListWithSealsAsync(db))
            .Select(log => $"{log.Id}|{log.Seal?.ChainSeq}|{(log.Seal is { } seal ? Convert.ToHexString(seal.ChainHash) : "")}")
            .ToList();
    }
}
