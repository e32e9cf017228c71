using LoginAudit.Data.Auditing;
using LoginAudit.Data.Breakdowns;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Detection;
using LoginAudit.Data.History;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Web.Components.Pages.Admin.Shared;

/// <summary>
/// Links from a dashboard figure to the history grid (<c>/admin/logins</c>) filtered to the rows behind it, in the
/// same range. A figure the grid's filter cannot express exactly (an empty label, a recurring heat-map cell) links
/// to the nearest wider set: the failures of the range.
/// </summary>
public sealed class DrillDown(RangeSelection selection, DashboardRange range)
{
    public const string HistoryPath = "/admin/logins";

    /// <summary>Every event of the range.</summary>
    public string Events() => Link(RangeFilter);

    /// <summary>Every failure of the range.</summary>
    public string Failures() => Link(FailureFilter);

    public string FailuresWithReason(LoginFailureReason? reason) =>
        reason is { } known ? Link(FailureFilter with { FailureReasons = [known] }) : Failures();

    /// <summary>A known account by id; a name that matched no account by the free-text search.</summary>
    public string FailuresOfUserName(FailingUserNameCount user) => user switch
    {
        { IsUnknown: false, UserId: { } userId } => Link(FailureFilter with { UserId = userId }),
        { UserName: { } userName } => Link(FailureFilter with { Search = userName }),
        _ => Failures(),
    };

    public string FailuresFromIp(string? ipAddress) =>
        ipAddress is null ? Failures() : Link(FailureFilter with { IpAddress = ipAddress });

    public string FailuresWithLabel(FailureLabel label, string? value) => (label, value) switch
    {
        (_, null) => Failures(),
        (FailureLabel.Browser, _) => Link(FailureFilter with { Browser = value }),
        (FailureLabel.Os, _) => Link(FailureFilter with { Os = value }),
        _ when Enum.TryParse<DeviceType>(value, out var device) => Link(FailureFilter with { DeviceTypes = [device] }),
        _ => Failures(),
    };

    /// <summary>
    /// The failures of one weekday-and-hour cell. When the cell is one single hour of the range (e.g. in "last 24
    /// hours"), exactly that hour; when it recurs (several weeks) the grid cannot filter by weekday and hour, so all
    /// failures of the range.
    /// </summary>
    public string FailuresInHeatMapCell(DayOfWeek day, int hour)
    {
        var occurrences = HourStarts(range).Where(start => start.DayOfWeek == day && start.Hour == hour).Take(2).ToList();
        if (occurrences.Count != 1)
        {
            return Failures();
        }

        // Local hour back to UTC with the range's offset (the one the heat map was bucketed with), clipped to the range.
        var fromUtc = DateTime.SpecifyKind(occurrences[0] - range.UtcOffset, DateTimeKind.Utc);
        var from = fromUtc < range.From ? range.From : fromUtc;
        var to = fromUtc.AddHours(1) > range.To ? range.To : fromUtc.AddHours(1);
        return Link(new LoginHistoryFilter { Range = LoginHistoryRange.Custom, From = from, To = to, Outcome = LoginOutcome.Failed });
    }

    /// <summary>Everything recorded under one session id, from its sign-in on (its end may fall after the range).</summary>
    public static string Session(string sessionId, DateTime startedAtUtc) =>
        Link(new LoginHistoryFilter { Range = LoginHistoryRange.Custom, From = startedAtUtc, SessionId = sessionId });

    /// <summary>Every suspicious event of the range.</summary>
    public string SuspiciousEvents() => Link(RangeFilter with { Suspicious = true });

    /// <summary>The events of the range flagged for <paramref name="reason"/> (among others, perhaps).</summary>
    public string SuspiciousBecause(SuspicionReasons reason) => Link(RangeFilter with { SuspicionReasons = [reason] });

    public string EventsFromIp(string ipAddress) => Link(RangeFilter with { IpAddress = ipAddress });

    public string EventsOfUser(string userId) => Link(RangeFilter with { UserId = userId });

    private LoginHistoryFilter RangeFilter => selection.ToHistoryFilter(range);

    private LoginHistoryFilter FailureFilter => RangeFilter with { Outcome = LoginOutcome.Failed };

    private static string Link(LoginHistoryFilter filter) => HistoryPath + filter.ToQueryString();

    /// <summary>The local start of every hour that overlaps the range.</summary>
    private static IEnumerable<DateTime> HourStarts(DashboardRange range)
    {
        var localFrom = range.From + range.UtcOffset;
        var localTo = range.To + range.UtcOffset;
        for (var start = new DateTime(localFrom.Year, localFrom.Month, localFrom.Day, localFrom.Hour, 0, 0); start < localTo; start = start.AddHours(1))
        {
            yield return start;
        }
    }
}
