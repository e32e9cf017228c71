using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>
/// Both rankings of <see cref="FailureBreakdownService.GetFailingSourcesAsync"/> counted row by row, as the service
/// defines them: what the database's rankings, from the rows or from the roll-ups, must equal.
/// </summary>
public static class FailingSourcesOfRows
{
    public static (List<FailingIpCount> Ips, List<FailingUserNameCount> UserNames) Rank(IEnumerable<LoginLog> rows, DashboardRange range, int top)
    {
        var failures = rows
            .Where(log => LoginEventTypes.Failures.Contains(log.EventType) && log.CreatedAt >= range.From && log.CreatedAt < range.To)
            .ToList();
        var ips = failures.GroupBy(log => log.IpAddress)
            .Select(group => new FailingIpCount(group.Key, group.Count(), group.Where(log => log.UserName is not null).Select(log => log.UserName).Distinct().Count()))
            .OrderByDescending(ip => ip.Count).ThenBy(ip => ip.IpAddress, StringComparer.Ordinal)
            .Take(top)
            .ToList();
        var names = failures.GroupBy(log => log.UserName)
            .Select(group => new FailingUserNameCount(
                group.Key, group.Select(log => log.UserId).Max(StringComparer.Ordinal), group.All(log => log.UserId is null), group.Count()))
            .OrderByDescending(name => name.Count).ThenBy(name => name.UserName, StringComparer.Ordinal)
            .Take(top)
            .ToList();
        return (ips, names);
    }
}
