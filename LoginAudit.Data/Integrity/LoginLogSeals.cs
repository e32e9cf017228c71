using System.Runtime.CompilerServices;
using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Integrity;

/// <summary>Reads <c>login_logs</c> rows together with their seals, for the readers that show or send them (exports, streams, details).</summary>
public static class LoginLogSeals
{
    /// <summary>
    /// The rows of <paramref name="logs"/>, in its order, each with <see cref="LoginLog.Seal"/> set from <c>login_log_seals</c>
    /// (one left join on the seal's key), read one by one.
    /// </summary>
    public static async IAsyncEnumerable<LoginLog> WithSeals(this IQueryable<LoginLog> logs, LoginAuditDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var joined =
            from log in logs
            join seal in db.LoginLogSeals on log.Id equals seal.LoginLogId into seals
            from seal in seals.DefaultIfEmpty()
            select new SealedRow { Log = log, Seal = seal };
        await foreach (var row in joined.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            row.Log.Seal = row.Seal;
            yield return row.Log;
        }
    }

    /// <summary><see cref="WithSeals"/> into a list.</summary>
    public static async Task<List<LoginLog>> ToListWithSealsAsync(this IQueryable<LoginLog> logs, LoginAuditDbContext db, CancellationToken cancellationToken = default)
    {
        var rows = new List<LoginLog>();
        await foreach (var row in logs.WithSeals(db, cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Sets <see cref="LoginLog.Seal"/> on <paramref name="rows"/> (in id order) from one range read of the seal table's
    /// key: for a small window of rows, which PostgreSQL would otherwise join to the whole seal table by hashing it.
    /// </summary>
    public static async Task AttachSealsAsync(this IReadOnlyList<LoginLog> rows, LoginAuditDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(db);
        if (rows.Count == 0)
        {
            return;
        }

        var (first, last) = (rows[0].Id, rows[^1].Id);
        var seals = await db.LoginLogSeals.AsNoTracking()
            .Where(seal => seal.LoginLogId >= first && seal.LoginLogId <= last)
            .ToDictionaryAsync(seal => seal.LoginLogId, cancellationToken);
        foreach (var row in rows)
        {
            row.Seal = seals.GetValueOrDefault(row.Id);
        }
    }

    private sealed class SealedRow
    {
        public required LoginLog Log { get; init; }

        public LoginLogSeal? Seal { get; init; }
    }
}
