namespace LoginAudit.Data.Dashboards;

/// <summary>
/// A dashboard's time range in UTC (<see cref="From"/> inclusive, <see cref="To"/> exclusive) and the viewer's UTC
/// offset, which decides where hours and days begin when events are bucketed.
/// </summary>
public sealed record DashboardRange
{
    /// <summary>Real offsets span UTC-12 to UTC+14; anything else is a caller's mistake.</summary>
    public static readonly TimeSpan MaximumOffset = TimeSpan.FromHours(14);

    /// <summary>Ranges up to this long are bucketed by hour, longer ones by day.</summary>
    public static readonly TimeSpan HourlyBucketLimit = TimeSpan.FromDays(2);

    public DashboardRange(DateTime from, DateTime to, TimeSpan utcOffset = default)
    {
        if (from.Kind == DateTimeKind.Local || to.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("A dashboard range is given in UTC; pass DateTimeKind.Utc times.");
        }

        if (to < from)
        {
            throw new ArgumentException($"The range ends ({to:O}) before it starts ({from:O}).", nameof(to));
        }

        if (utcOffset.Duration() > MaximumOffset || utcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(utcOffset), utcOffset, "A UTC offset is whole minutes between -14:00 and +14:00.");
        }

        From = DateTime.SpecifyKind(from, DateTimeKind.Utc);
        To = DateTime.SpecifyKind(to, DateTimeKind.Utc);
        UtcOffset = utcOffset;
    }

    public DateTime From { get; }

    public DateTime To { get; }

    public TimeSpan UtcOffset { get; }

    public TimeBucketSize BucketSize => To - From <= HourlyBucketLimit ? TimeBucketSize.Hour : TimeBucketSize.Day;

    /// <summary>The last <paramref name="length"/> up to <paramref name="now"/>'s UTC instant.</summary>
    public static DashboardRange Last(TimeSpan length, DateTimeOffset now, TimeSpan utcOffset = default) =>
        new(now.UtcDateTime - length, now.UtcDateTime, utcOffset);

    /// <summary>Every bucket (hour or day, see <see cref="BucketSize"/>) that overlaps the range, so empty ones show as zero.</summary>
    internal IReadOnlyList<TimeSlice> Buckets() =>
        Slices(BucketSize == TimeBucketSize.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1));

    /// <summary>
    /// The range cut at the viewer's local <paramref name="step"/> boundaries (whole hours or days), each slice with
    /// its local start and its UTC bounds, the first and last clipped to the range.
    /// </summary>
    internal IReadOnlyList<TimeSlice> Slices(TimeSpan step)
    {
        var localFrom = From + UtcOffset;
        var start = step >= TimeSpan.FromDays(1)
            ? localFrom.Date
            : new DateTime(localFrom.Year, localFrom.Month, localFrom.Day, localFrom.Hour, 0, 0);
        var localTo = To + UtcOffset;
        var slices = new List<TimeSlice>();
        do
        {
            var sliceFrom = start - UtcOffset;
            var sliceTo = start + step - UtcOffset;
            slices.Add(new TimeSlice(
                new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Unspecified), UtcOffset),
                DateTime.SpecifyKind(sliceFrom < From ? From : sliceFrom, DateTimeKind.Utc),
                DateTime.SpecifyKind(sliceTo > To ? To : sliceTo, DateTimeKind.Utc)));
            start += step;
        }
        while (start < localTo);

        return slices;
    }
}

/// <summary>A piece of a range: where it starts in the viewer's local time, and its UTC bounds [From, To).</summary>
internal readonly record struct TimeSlice(DateTimeOffset LocalStart, DateTime From, DateTime To);

public enum TimeBucketSize
{
    Hour,
    Day,
}
