using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Overview;

/// <summary>The overview dashboard for a range.</summary>
/// <param name="SignIns">Successful sign-ins (sessions started).</param>
/// <param name="Failures">Failed attempts, lockouts included.</param>
/// <param name="FailureRate">Failures out of sign-ins + failures; 0 when there were none.</param>
/// <param name="UniqueUsers">Accounts with at least one successful sign-in.</param>
/// <param name="UniqueIps">Addresses with at least one sign-in attempt (successful or failed).</param>
/// <param name="ActiveSessions">Sessions active now (not ended, not expired), whatever the range.</param>
/// <param name="SuspiciousEvents">Rows of any type flagged suspicious.</param>
public sealed record OverviewSummary(
    int SignIns,
    int Failures,
    double FailureRate,
    int UniqueUsers,
    int UniqueIps,
    int ActiveSessions,
    int SuspiciousEvents,
    IReadOnlyList<OutcomeBucket> Trend,
    IReadOnlyList<FailureReasonCount> TopFailureReasons,
    IReadOnlyList<FailingIpCount> TopFailingIps,
    IReadOnlyList<FailingUserNameCount> TopFailingUserNames,
    IReadOnlyList<LoginLog> NewestEvents);

/// <summary>Builds <see cref="OverviewSummary"/>: a handful of aggregate queries, each answered from an index.</summary>
public sealed class OverviewService(
    IDbContextFactory<LoginAuditDbContext> contextFactory, FailureBreakdownService breakdowns, TimeProvider timeProvider)
{
    public async Task<OverviewSummary> GetAsync(
        DashboardRange range, int top = 5, int newest = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // Sign-ins and failures are the trend's totals: same rows, so one scan fewer.
        var trend = await FailureBreakdownService.GetOutcomesOverTimeAsync(db, range, cancellationToken);
        var signIns = trend.Sum(bucket => bucket.Successes);
        var failures = trend.Sum(bucket => bucket.Failures);

        var distinct = await db.Database.SqlQuery<DistinctRow>($"""
            SELECT COUNT(DISTINCT CASE WHEN event_type = 'SignInSucceeded' THEN user_id END) AS "Users",
                   COUNT(DISTINCT ip_address) AS "Ips"
            FROM login_logs
            WHERE event_type IN ('SignInSucceeded', 'SignInFailed', 'LockedOut') AND created_at >= {range.From} AND created_at < {range.To}
            """).SingleAsync(cancellationToken);

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var activeSessions = await db.LoginSessions.CountAsync(session => session.EndedAt == null && session.ExpiresAt > now, cancellationToken);

        var suspicious = await db.Database.SqlQuery<int>($"""
            SELECT COUNT(*) AS "Value" FROM login_logs WHERE suspicious = 1 AND created_at >= {range.From} AND created_at < {range.To}
            """).SingleAsync(cancellationToken);

        var newestEvents = await db.LoginLogs.AsNoTracking()
            .Where(log => log.CreatedAt >= range.From && log.CreatedAt < range.To)
            .OrderByDescending(log => log.CreatedAt).ThenByDescending(log => log.Id)
            .Take(newest)
            .ToListAsync(cancellationToken);

        var reasons = await breakdowns.GetByReasonAsync(range, cancellationToken);
        var ips = await breakdowns.GetByIpAsync(range, top, cancellationToken);
        var userNames = await breakdowns.GetByUserNameAsync(range, top, cancellationToken);

        return new OverviewSummary(
            signIns,
            failures,
            signIns + failures == 0 ? 0 : (double)failures / (signIns + failures),
            distinct.Users,
            distinct.Ips,
            activeSessions,
            suspicious,
            trend,
            reasons.Take(top).ToList(),
            ips,
            userNames,
            newestEvents);
    }

    private sealed class DistinctRow
    {
        public int Users { get; set; }

        public int Ips { get; set; }
    }
}
