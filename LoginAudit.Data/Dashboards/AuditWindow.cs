using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Dashboards;

/// <summary>
/// The span in which rows can exist at <see cref="Now"/>: back to the retention cutoff (older rows are purged), with a
/// day of slack for the daily purge, up to a day ahead (a clock that ran ahead). Every range a page, an export or a
/// command asks for is clamped to it, so that a range of ten thousand years is as cheap as the data, and no bound is
/// ever near the ends of <see cref="DateTime"/> where adding an offset or a bucket would overflow.
/// </summary>
public readonly record struct AuditWindow
{
    public static readonly TimeSpan Slack = TimeSpan.FromDays(1);

    public AuditWindow(DateTime nowUtc, int retentionDays)
    {
        Now = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        // Far from DateTime's ends, so that a UTC offset (±14 h) or a bucket added to any clamped bound stays representable.
        var earliest = DateTime.MinValue.AddDays(2);
        var back = TimeSpan.FromDays(Math.Min(retentionDays, (Now - earliest).TotalDays - 1)) + Slack;
        Oldest = DateTime.SpecifyKind(Now - back < earliest ? earliest : Now - back, DateTimeKind.Utc);
        Newest = DateTime.SpecifyKind(Now + Slack, DateTimeKind.Utc);
    }

    public DateTime Now { get; }

    public DateTime Oldest { get; }

    public DateTime Newest { get; }

    public DateTime Clamp(DateTime time) =>
        DateTime.SpecifyKind(time < Oldest ? Oldest : time > Newest ? Newest : time, DateTimeKind.Utc);

    public DateTime? Clamp(DateTime? time) => time is { } value ? Clamp(value) : null;
}

/// <summary>The <see cref="AuditWindow"/> of the moment, from the app's clock and <c>LoginAudit:Retention:Days</c>.</summary>
public sealed class AuditWindows(TimeProvider clock, IOptions<LoginAuditOptions> options)
{
    public AuditWindow Current() => new(clock.GetUtcNow().UtcDateTime, options.Value.Retention.Days);
}
