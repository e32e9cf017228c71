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

    private sealed class SealedRow
    {
        public required LoginLog Log { get; init; }

        public LoginLogSeal? Seal { get; init; }
    }
}
