using LoginAudit.Data.Dashboards;
using LoginAudit.Data.UserActivity;

namespace LoginAudit.Web.Components.Pages.Admin.Shared;

/// <summary>
/// The geometry of a session timeline: where a moment falls on the range's axis, which lane each session bar takes
/// (sessions that do not overlap share one, so hundreds of sequential sessions stay a few lines high), and the
/// labelled ticks of the axis.
/// </summary>
public sealed class TimelineAxis
{
    private static readonly TimeSpan[] TickSteps =
    [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
        TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30),
    ];

    private readonly DashboardRange range;

    public TimelineAxis(DashboardRange range) => this.range = range;

    /// <summary>Percent along the axis, clamped: a session that began before the range starts at its edge.</summary>
    public double Position(DateTime utc)
    {
        var length = (range.To - range.From).Ticks;
        return length == 0 ? 0 : Math.Clamp(100.0 * (utc - range.From).Ticks / length, 0, 100);
    }

    /// <summary>
    /// A lane for each session, in the order given: the first lane whose last bar ended before this one starts.
    /// Returns the lane of each session and how many lanes there are.
    /// </summary>
    public static (IReadOnlyList<int> Lanes, int Count) AssignLanes(IReadOnlyList<TimelineSession> sessions, DateTime now)
    {
        var laneEnds = new List<DateTime>();
        var lanes = new int[sessions.Count];
        foreach (var (session, index) in sessions.Select((session, index) => (session, index)).OrderBy(pair => pair.session.Start))
        {
            var end = EndOf(session, now);
            var lane = laneEnds.FindIndex(laneEnd => laneEnd < session.Start);
            if (lane < 0)
            {
                lane = laneEnds.Count;
                laneEnds.Add(end);
            }
            else
            {
                laneEnds[lane] = end;
            }

            lanes[index] = lane;
        }

        return (lanes, laneEnds.Count);
    }

    /// <summary>Where a session's bar ends: its end, now while it is active, its start when the end is unknown.</summary>
    public static DateTime EndOf(TimelineSession session, DateTime now) =>
        session.End ?? (session.EndKind == SessionEndKind.Active ? now : session.Start);

    /// <summary>About six ticks on round local times (whole hours, days...), each with its position and label.</summary>
    public IReadOnlyList<(double Position, DateTime Local)> Ticks(Func<DateTime, DateTime> toLocal, Func<DateTime, DateTime> toUtc)
    {
        var length = range.To - range.From;
        var step = TickSteps.FirstOrDefault(candidate => length / candidate <= 7, TickSteps[^1]);
        var localFrom = toLocal(range.From);
        var first = step >= TimeSpan.FromDays(1)
            ? localFrom.Date.AddDays(localFrom.TimeOfDay > TimeSpan.Zero ? 1 : 0)
            : new DateTime(localFrom.Ticks - (localFrom.Ticks % step.Ticks) + (localFrom.Ticks % step.Ticks == 0 ? 0 : step.Ticks), DateTimeKind.Unspecified);
        var ticks = new List<(double, DateTime)>();
        for (var local = first; toUtc(local) <= range.To && ticks.Count < 32; local += step)
        {
            ticks.Add((Position(toUtc(local)), local));
        }

        return ticks;
    }

    public bool ShowsDays => range.To - range.From > TimeSpan.FromDays(2);
}
