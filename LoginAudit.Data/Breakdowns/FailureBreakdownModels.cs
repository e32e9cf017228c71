using LoginAudit.Data.Auditing;

namespace LoginAudit.Data.Breakdowns;

/// <summary>Failures with one failure reason; <paramref name="Reason"/> is null for rows that have none.</summary>
public sealed record FailureReasonCount(LoginFailureReason? Reason, int Count);

/// <summary>
/// Failures for one attempted user name. <paramref name="IsUnknown"/>: no attempt under this name matched an account
/// (every row has <c>user_id</c> NULL), typical of guessing; <paramref name="UserId"/> is the account when one matched.
/// </summary>
public sealed record FailingUserNameCount(string? UserName, string? UserId, bool IsUnknown, int Count);

/// <summary>Failures from one address, and how many different names it tried: many names from one IP is spraying.</summary>
public sealed record FailingIpCount(string? IpAddress, int Count, int DistinctUserNames);

/// <summary>Both rankings of where the failures of a range come from (see <see cref="FailureBreakdownService.GetFailingSourcesAsync"/>).</summary>
public sealed record FailingSources(IReadOnlyList<FailingIpCount> Ips, IReadOnlyList<FailingUserNameCount> UserNames);

/// <summary>Failures for one value of a column (device type, browser or OS); null when the column was empty.</summary>
public sealed record LabelCount(string? Label, int Count);

/// <summary>One cell of the day-of-week × hour-of-day heat map, in the viewer's local time.</summary>
public sealed record HeatMapCell(DayOfWeek DayOfWeek, int Hour, int Count);

/// <summary>Successful sign-ins and failures in one bucket that starts at <paramref name="Start"/> (viewer's offset).</summary>
public sealed record OutcomeBucket(DateTimeOffset Start, int Successes, int Failures)
{
    /// <summary>Failures out of all attempts (successes + failures); 0 when there were none.</summary>
    public double FailureRate => Successes + Failures == 0 ? 0 : (double)Failures / (Successes + Failures);
}

/// <summary>Which column <see cref="FailureBreakdownService.GetByLabelAsync"/> groups by.</summary>
public enum FailureLabel
{
    DeviceType,
    Browser,
    Os,
}
