using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Sessions;

/// <summary>
/// Finds sessions whose cookie expired without a sign-out and writes their <see cref="LoginEventType.SessionExpired"/> row.
/// </summary>
public sealed class SessionExpiry(IDbContextFactory<LoginAuditDbContext> contexts, LoginAuditRecorder recorder, TimeProvider clock)
{
    private const int BatchSize = 500;

    // A cookie issued a moment after its session row must not be declared expired before the browser's copy is.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <returns>How many sessions were ended.</returns>
    public async Task<int> EndExpiredSessionsAsync(CancellationToken cancellationToken = default)
    {
        var ended = 0;
        while (true)
        {
            var cutoff = (clock.GetUtcNow() - Grace).UtcDateTime;
            List<LoginSession> expired;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                expired = await db.LoginSessions.AsNoTracking()
                    .Where(session => session.EndedAt == null && session.ExpiresAt < cutoff)
                    .OrderBy(session => session.ExpiresAt)
                    .Take(BatchSize)
                    .ToListAsync(cancellationToken);
            }

            foreach (var session in expired)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await recorder.RecordSessionEndAsync(new AuditEvent(LoginEventType.SessionExpired)
                    {
                        UserId = session.UserId,
                        UserName = session.UserName,
                        SessionId = session.SessionId,
                    }))
                {
                    ended++;
                }
            }

            if (expired.Count < BatchSize)
            {
                return ended;
            }
        }
    }
}
