using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Throttling;

/// <summary>
/// How long a new lockout lasts: <c>LoginAudit:Lockout:Duration</c>, doubled for each earlier lockout of
/// the same account within the last day, up to <c>LoginAudit:Throttling:MaxLockoutDuration</c>. A guesser
/// waiting out each lockout gets ever fewer tries; a user who mistypes once a week stays at the base.
/// </summary>
public sealed class LockoutEscalation(IDbContextFactory<LoginAuditDbContext> contexts, IOptions<LoginAuditOptions> options, TimeProvider clock)
{
    public async Task<TimeSpan> NextDurationAsync(string userId)
    {
        var since = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(1);
        await using var db = await contexts.CreateDbContextAsync();
        var earlier = await db.LoginLogs.CountAsync(log => log.UserId == userId && log.EventType == LoginEventType.LockedOut && log.CreatedAt >= since);
        return DurationAfter(earlier, options.Value.Lockout.Duration, options.Value.Throttling.MaxLockoutDuration);
    }

    internal static TimeSpan DurationAfter(int earlierLockouts, TimeSpan baseDuration, TimeSpan max)
    {
        var duration = baseDuration;
        for (var lockout = 0; lockout < earlierLockouts && duration < max; lockout++)
        {
            duration *= 2;
        }

        return duration < max ? duration : max;
    }
}
