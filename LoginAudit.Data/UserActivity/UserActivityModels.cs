using LoginAudit.Data.Auditing;
using LoginAudit.Data.UserAgents;

namespace LoginAudit.Data.UserActivity;

public enum UserListSort
{
    UserName,

    /// <summary>Most recent successful sign-in first; never signed in last.</summary>
    LastSignIn,

    /// <summary>Most failures in the range first.</summary>
    Failures,

    /// <summary>Most active sessions first.</summary>
    ActiveSessions,
}

/// <summary>A page of the users list. <see cref="Search"/> matches user name or e-mail (case-insensitive substring).</summary>
public sealed record UserListQuery(DateTime From, DateTime To, string? Search = null, UserListSort Sort = UserListSort.UserName, int Skip = 0, int Take = 25);

public sealed record UserSummary(string Id, string? UserName, string? Email, DateTime? LastSignIn, int FailuresInRange, int ActiveSessions);

public sealed record UserListPage(IReadOnlyList<UserSummary> Rows, int Total);

/// <summary>How a session ended, as far as the records tell.</summary>
public enum SessionEndKind
{
    SignedOut,
    Expired,
    Revoked,

    /// <summary>Not ended, and its cookie is still valid.</summary>
    Active,

    /// <summary>Past its expiry, but the sweep has not written the <see cref="LoginEventType.SessionExpired"/> row yet.</summary>
    ExpiredUnrecorded,

    /// <summary>No ending row and no <c>login_sessions</c> row (e.g. purged): the end is unknown.</summary>
    Unknown,
}

/// <summary>A session of the user's timeline: its sign-in row, paired with its ending by <c>session_id</c>.</summary>
/// <param name="End">When it ended (the ending row's time, or the expiry for <see cref="SessionEndKind.ExpiredUnrecorded"/>); null while active or unknown.</param>
public sealed record TimelineSession(
    string? SessionId,
    DateTime Start,
    DateTime? End,
    SessionEndKind EndKind,
    SignInMethod? SignInMethod,
    DeviceType DeviceType,
    string? Browser,
    string? Os,
    string? IpAddress,
    string? Location,
    int? Asn = null,
    string? AsOrg = null,
    Detection.RiskLevel RiskLevel = Detection.RiskLevel.None)
{
    public TimeSpan? Duration => End - Start;
}

/// <summary>The sessions the user started in the range (newest first) and the user's failed attempts in the range.</summary>
public sealed record UserTimeline(IReadOnlyList<TimelineSession> Sessions, IReadOnlyList<LoginLog> FailedAttempts);

/// <summary>A session of "my sign-ins" still active now, with where it was started from.</summary>
public sealed record ActiveSessionInfo(
    string SessionId, DateTime StartedAt, DateTime ExpiresAt, DeviceType DeviceType, string? Browser, string? Os, string? IpAddress, string? Location);

public sealed record MySignIns(IReadOnlyList<LoginLog> RecentEvents, IReadOnlyList<ActiveSessionInfo> ActiveSessions);
