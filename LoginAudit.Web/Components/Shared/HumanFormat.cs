using System.Globalization;

namespace LoginAudit.Web.Components.Shared;

/// <summary>Counts, durations and times written for people.</summary>
public static class HumanFormat
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double ratio) => ratio.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>"45 s", "12 min", "3 h 5 min", "2 d 4 h": the two largest units that matter.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        return duration switch
        {
            { TotalMinutes: < 1 } => $"{(int)duration.TotalSeconds} s",
            { TotalHours: < 1 } => $"{(int)duration.TotalMinutes} min",
            { TotalDays: < 1 } => duration.Minutes == 0 ? $"{(int)duration.TotalHours} h" : $"{(int)duration.TotalHours} h {duration.Minutes} min",
            _ => duration.Hours == 0 ? $"{(int)duration.TotalDays} d" : $"{(int)duration.TotalDays} d {duration.Hours} h",
        };
    }

    /// <summary>"2026-11-21 14:05" in the given zone, with the zone's short name appended when it is UTC.</summary>
    public static string Time(DateTime utc, BrowserTimeZone zone)
    {
        var local = zone.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return zone.IsKnown ? local : local + " UTC";
    }
}
