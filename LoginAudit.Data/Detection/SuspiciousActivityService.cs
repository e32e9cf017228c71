using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.Detection;

/// <summary>How often one signal fired in a range.</summary>
public sealed record SuspicionReasonCount(SuspicionReasons Reason, int Count);

/// <summary>The suspicious sign-ins of a range: how many, for which reasons, and the newest ones.</summary>
public sealed record SuspiciousActivity(int Total, IReadOnlyList<SuspicionReasonCount> ByReason, IReadOnlyList<LoginLog> Newest);

/// <summary>The suspicious page's figures: a range scan of the time index, aggregated in SQLite.</summary>
public sealed class SuspiciousActivityService(IDbContextFactory<LoginAuditDbContext> contextFactory)
{
    public const int DefaultNewest = 10;

    public async Task<SuspiciousActivity> GetAsync(DashboardRange range, int newest = DefaultNewest, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.LoginLogs.AsNoTracking()
            .Where(log => log.Suspicious && log.CreatedAt >= range.From && log.CreatedAt < range.To);

        // SQLite counts per stored combination of reasons (at most one group per subset of the seven flags); each
        // combination's count then adds to each of its reasons. One pass over the index instead of one per reason.
        var combinations = await rows
            .GroupBy(log => log.SuspiciousReasons)
            .Select(group => new { Reasons = group.Key, Count = group.Count() })
            .ToListAsync(cancellationToken);

        var byReason = Enum.GetValues<SuspicionReasons>()
            .Where(reason => reason != SuspicionReasons.None)
            .Select(reason => new SuspicionReasonCount(
                reason,
                combinations.Where(combination => SuspicionReasonList.Parse(combination.Reasons).HasFlag(reason)).Sum(combination => combination.Count)))
            .ToList();

        var newestRows = await rows
            .OrderByDescending(log => log.CreatedAt)
            .ThenByDescending(log => log.Id)
            .Take(newest)
            .ToListAsync(cancellationToken);

        return new SuspiciousActivity(combinations.Sum(combination => combination.Count), byReason, newestRows);
    }
}
