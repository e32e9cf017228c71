using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Live;

/// <summary>
/// SQLite's way to hear of other processes' rows: every <see cref="LiveSettings.OtherInstancesInterval"/>, the rows with
/// an id above the last one seen (a primary-key range read, nothing when nothing is new).
/// </summary>
/// <remarks>
/// Gap-free on SQLite only: one writer at a time, and an id is taken inside its write transaction, so when a row is
/// visible every lower id is committed or never will be. PostgreSQL's sequences hand out ids before commit, in no commit
/// order, so a cursor would skip a slow transaction's row: there <see cref="PostgresEventNotifications"/> is used.
/// Starts at the newest row when the instance starts: pages opened here count what is new since.
/// </remarks>
public sealed class LoginLogTail(IDbContextFactory<LoginAuditDbContext> contexts, IOptions<LoginAuditOptions> options, TimeProvider clock) : IOtherInstancesEvents
{
    public const int BatchSize = 500;

    public async IAsyncEnumerable<IReadOnlyList<LoginEventNotice>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.Live.OtherInstancesInterval, clock);
        long cursor;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            cursor = await db.LoginLogs.MaxAsync(log => (long?)log.Id, cancellationToken) ?? 0;
        }

        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            List<LoginEventNotice> batch;
            do
            {
                var after = cursor;
                batch = await db.LoginLogs.AsNoTracking()
                    .Where(log => log.Id > after)
                    .OrderBy(log => log.Id)
                    .Take(BatchSize)
                    .Select(log => new LoginEventNotice(log.Id, log.EventType, log.Succeeded, log.Suspicious, log.UserId, log.CreatedAt, false))
                    .ToListAsync(cancellationToken);
                if (batch.Count > 0)
                {
                    cursor = batch[^1].Id;
                    yield return batch;
                }
            }
            while (batch.Count == BatchSize);
        }
    }
}
