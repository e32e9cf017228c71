namespace LoginAudit.Data.Rollups;

/// <summary>
/// A UTC range cut where the roll-ups can answer it: the whole hours <see cref="InnerFrom"/> to <see cref="InnerTo"/>
/// from <c>login_log_rollups</c>, the partial hours before and after from the rows. A range within one hour has no
/// inner part (<see cref="InnerFrom"/> = <see cref="InnerTo"/> = <see cref="To"/>), so it is all read from the rows.
/// </summary>
public readonly record struct HourAlignedRange(DateTime From, DateTime InnerFrom, DateTime InnerTo, DateTime To)
{
    public static HourAlignedRange Of(DateTime fromUtc, DateTime toUtc)
    {
        var innerFrom = CeilingHour(fromUtc);
        var innerTo = FloorHour(toUtc);
        return innerFrom < innerTo ? new(fromUtc, innerFrom, innerTo, toUtc) : new(fromUtc, toUtc, toUtc, toUtc);
    }

    public bool HasInner => InnerFrom < InnerTo;

    public static DateTime FloorHour(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);

    public static DateTime CeilingHour(DateTime utc) =>
        utc.Ticks % TimeSpan.TicksPerHour == 0 ? DateTime.SpecifyKind(utc, DateTimeKind.Utc) : FloorHour(utc).AddHours(1);
}
