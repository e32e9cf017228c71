using System.Globalization;

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

    /// <summary>The SQLite date modifier that moves a UTC time into the viewer's local time, e.g. <c>+60 minutes</c>.</summary>
    internal string SqliteOffsetModifier =>
        ((int)UtcOffset.TotalMinutes).ToString("+0;-0;+0", CultureInfo.InvariantCulture) + " minutes";

    /// <summary>The strftime format that truncates a local time to the start of its bucket.</summary>
    internal string SqliteBucketFormat => BucketSize == TimeBucketSize.Hour ? "%Y-%m-%d %H:00:00" : "%Y-%m-%d 00:00:00";

    /// <summary>Every bucket start (local time, with the offset) that overlaps the range, so empty buckets show as zero.</summary>
    internal IReadOnlyList<DateTimeOffset> BucketStarts()
    {
        var step = BucketSize == TimeBucketSize.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var localFrom = From + UtcOffset;
        var first = BucketSize == TimeBucketSize.Hour
            ? new DateTime(localFrom.Year, localFrom.Month, localFrom.Day, localFrom.Hour, 0, 0)
            : localFrom.Date;
        var localTo = To + UtcOffset;
        var starts = new List<DateTimeOffset>();
        for (var start = first; start < localTo || (starts.Count == 0 && start == localTo); start += step)
        {
            starts.Add(new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Unspecified), UtcOffset));
        }

        return starts;
    }

    /// <summary>Reads a bucket key produced with <see cref="SqliteBucketFormat"/> back as a local time with the offset.</summary>
    internal DateTimeOffset ParseBucket(string bucket) =>
        new(DateTime.ParseExact(bucket, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), UtcOffset);
}

public enum TimeBucketSize
{
    Hour,
    Day,
}
