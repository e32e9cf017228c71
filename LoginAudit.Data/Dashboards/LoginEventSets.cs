using LoginAudit.Data.Auditing;

namespace LoginAudit.Data.Dashboards;

/// <summary>The groups of event types the dashboards count together.</summary>
public static class LoginEventSets
{
    /// <summary>What dashboards call a failure: a failed attempt, including the one that locked the account.</summary>
    public static readonly IReadOnlyList<LoginEventType> Failures = [LoginEventType.SignInFailed, LoginEventType.LockedOut];

    /// <summary>The events that end a session (same <c>session_id</c> as its sign-in).</summary>
    public static readonly IReadOnlyList<LoginEventType> SessionEnds =
        [LoginEventType.SignedOut, LoginEventType.SessionExpired, LoginEventType.SessionRevoked];

    /// <summary>
    /// The failure predicate in raw SQL. Written exactly as the filter of <c>ix_login_logs_failures</c>, because SQLite
    /// uses a partial index only when the query's WHERE contains the same expression.
    /// </summary>
    internal const string FailureSql = "event_type IN ('SignInFailed', 'LockedOut')";
}
