using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Alerts;

/// <summary>A recent sign-in to the user's account from a new device or place, shown on "My sign-ins".</summary>
public sealed record SignInNotice(DateTime CreatedAt, string? Browser, string? Os, string? IpAddress, string? Location, IReadOnlyList<string> Reasons);

/// <summary>What "My sign-ins" tells a user at their next visit: alertable sign-ins of the last 30 days, newest first.</summary>
public sealed class SignInNotices(IDbContextFactory<LoginAuditDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(30);

    /// <param name="currentSessionId">The reader's own session: its sign-in is theirs, not news.</param>
    public async Task<IReadOnlyList<SignInNotice>> RecentAsync(string userId, string? currentSessionId, int max = 5)
    {
        var since = clock.GetUtcNow().UtcDateTime - Period;
        await using var db = await contexts.CreateDbContextAsync();
        var rows = await db.LoginLogs.AsNoTracking()
            .Where(log => log.Suspicious && log.UserId == userId && log.EventType == LoginEventType.SignInSucceeded && log.CreatedAt >= since
                && (currentSessionId == null || log.SessionId != currentSessionId))
            .OrderByDescending(log => log.CreatedAt)
            .Take(max * 4)
            .Select(log => new { log.CreatedAt, log.Browser, log.Os, log.IpAddress, log.Location, log.SuspiciousReasons })
            .ToListAsync();

        return rows
            .Select(row => (row, reasons: SuspicionReasonList.Parse(row.SuspiciousReasons) & SignInAlertDispatcher.Alertable))
            .Where(item => item.reasons != SuspicionReasons.None)
            .Take(max)
            .Select(item => new SignInNotice(
                item.row.CreatedAt, item.row.Browser, item.row.Os, item.row.IpAddress, item.row.Location,
                SuspicionReasonList.Format(item.reasons)!.Split(',').Select(SignInAlertDispatcher.ReasonText).ToList()))
            .ToList();
    }
}
