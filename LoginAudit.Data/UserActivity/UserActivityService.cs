using LoginAudit.Data.Auditing;
using LoginAudit.Data.Dashboards;
using LoginAudit.Data.Throttling;
using Microsoft.EntityFrameworkCore;

namespace LoginAudit.Data.UserActivity;

/// <summary>
/// Per-user views: the users list, one user's timeline, and a user's own sign-ins. Each is a few indexed queries
/// (<c>ix_login_logs_user_id_event_type_created_at</c>, <c>ix_login_logs_session_id</c>, the sessions' indexes).
/// </summary>
/// <remarks>
/// Failed attempts belong to a user by <c>user_id</c> only. Rows with no user but the user's name (attempts before
/// the account existed, under a name later renamed, or of a deleted namesake) are not attributed: they may be
/// someone else's, and they appear in the failures-by-user-name breakdown flagged as unknown.
/// </remarks>
public sealed class UserActivityService(IDbContextFactory<LoginAuditDbContext> contextFactory, TimeProvider timeProvider)
{
    public const int MaximumPageSize = 500;

    public async Task<UserListPage> GetUsersAsync(UserListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var (rangeFrom, rangeTo) = (query.From, query.To);

        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Identity's normalized columns are upper case: a case-insensitive search without lower() on every row.
            var search = query.Search.Trim().ToUpperInvariant();
            users = users.Where(user => user.NormalizedUserName!.Contains(search) || user.NormalizedEmail!.Contains(search));
        }

        // Active sessions are few: count them once per user and join, rather than probe login_sessions per user
        // (SQLite once picked an index by the session's end for the probe and read every active session's row
        // for each user: 0.1 s for 50 users).
        var activeSessions = db.LoginSessions
            .Where(session => session.EndedAt == null && session.ExpiresAt > now)
            .GroupBy(session => session.UserId)
            .Select(group => new { UserId = group.Key, Count = group.Count() });

        var summaries =
            from user in users
            join active in activeSessions on user.Id equals active.UserId into userSessions
            from active in userSessions.DefaultIfEmpty()
            select new
            {
                user.Id,
                user.UserName,
                user.Email,
                LastSignIn = db.LoginLogs
                    .Where(log => log.UserId == user.Id && log.EventType == LoginEventType.SignInSucceeded)
                    .Max(log => (DateTime?)log.CreatedAt),
                Failures = db.LoginLogs.Count(log =>
                    log.UserId == user.Id && LoginEventTypes.Failures.Contains(log.EventType)
                    && log.CreatedAt >= rangeFrom && log.CreatedAt < rangeTo),
                ActiveSessions = (int?)active!.Count ?? 0,
            };

        var sorted = query.Sort switch
        {
            UserListSort.LastSignIn => summaries.OrderByDescending(user => user.LastSignIn).ThenBy(user => user.UserName),
            UserListSort.Failures => summaries.OrderByDescending(user => user.Failures).ThenBy(user => user.UserName),
            UserListSort.ActiveSessions => summaries.OrderByDescending(user => user.ActiveSessions).ThenBy(user => user.UserName),
            _ => summaries.OrderBy(user => user.UserName).ThenBy(user => user.Id),
        };

        var rows = await sorted
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaximumPageSize))
            .ToListAsync(cancellationToken);
        var total = await users.CountAsync(cancellationToken);
        return new UserListPage(
            rows.Select(row => new UserSummary(row.Id, row.UserName, row.Email, AsUtc(row.LastSignIn), row.Failures, row.ActiveSessions)).ToList(),
            total);
    }

    /// <summary>
    /// The sessions <paramref name="userId"/> started in the range, each paired with the row that ended it (same
    /// <c>session_id</c>) or its <c>login_sessions</c> state, and the user's failed attempts in the range.
    /// </summary>
    public async Task<UserTimeline> GetTimelineAsync(
        string userId, DashboardRange range, int maximumSessions = 200, int maximumFailures = 500, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;

        var signIns = await db.LoginLogs.AsNoTracking()
            .Where(log => log.UserId == userId && log.EventType == LoginEventType.SignInSucceeded
                && log.CreatedAt >= range.From && log.CreatedAt < range.To)
            .OrderByDescending(log => log.CreatedAt).ThenByDescending(log => log.Id)
            .Take(maximumSessions)
            .ToListAsync(cancellationToken);

        var sessionIds = signIns.Select(log => log.SessionId).OfType<string>().Distinct().ToList();
        LoginEventType[] endTypes = [LoginEventType.SignedOut, LoginEventType.SessionExpired, LoginEventType.SessionRevoked];
        var endings = await db.LoginLogs.AsNoTracking()
            .Where(log => sessionIds.Contains(log.SessionId!) && endTypes.Contains(log.EventType))
            .Select(log => new { log.SessionId, log.EventType, log.CreatedAt })
            .ToListAsync(cancellationToken);
        var firstEnding = endings
            .GroupBy(end => end.SessionId!)
            .ToDictionary(group => group.Key, group => group.MinBy(end => end.CreatedAt)!);
        var sessions = await db.LoginSessions.AsNoTracking()
            .Where(session => sessionIds.Contains(session.SessionId))
            .ToDictionaryAsync(session => session.SessionId, cancellationToken);

        var timeline = signIns.Select(signIn =>
        {
            DateTime? end = null;
            SessionEndKind kind;
            if (signIn.SessionId is not null && firstEnding.TryGetValue(signIn.SessionId, out var ending))
            {
                end = AsUtc(ending.CreatedAt);
                kind = ending.EventType switch
                {
                    LoginEventType.SignedOut => SessionEndKind.SignedOut,
                    LoginEventType.SessionExpired => SessionEndKind.Expired,
                    _ => SessionEndKind.Revoked,
                };
            }
            else if (signIn.SessionId is not null && sessions.TryGetValue(signIn.SessionId, out var session))
            {
                (end, kind) = session switch
                {
                    { EndedAt: { } endedAt } => (endedAt, session.EndedBy switch
                    {
                        LoginEventType.SignedOut => SessionEndKind.SignedOut,
                        LoginEventType.SessionExpired => SessionEndKind.Expired,
                        LoginEventType.SessionRevoked => SessionEndKind.Revoked,
                        _ => SessionEndKind.Unknown,
                    }),
                    _ when session.ExpiresAt > now => ((DateTime?)null, SessionEndKind.Active),
                    _ => (session.ExpiresAt, SessionEndKind.ExpiredUnrecorded),
                };
            }
            else
            {
                kind = SessionEndKind.Unknown;
            }

            return new TimelineSession(
                signIn.SessionId, signIn.CreatedAt, end, kind, signIn.SignInMethod, signIn.DeviceType,
                signIn.Browser, signIn.Os, signIn.IpAddress, signIn.Location, signIn.Asn, signIn.AsOrg, signIn.RiskLevel);
        }).ToList();

        var failed = await db.LoginLogs.AsNoTracking()
            .Where(log => log.UserId == userId && LoginEventTypes.Failures.Contains(log.EventType)
                && log.CreatedAt >= range.From && log.CreatedAt < range.To)
            .OrderByDescending(log => log.CreatedAt).ThenByDescending(log => log.Id)
            .Take(maximumFailures)
            .ToListAsync(cancellationToken);

        return new UserTimeline(timeline, failed);
    }

    /// <summary>
    /// A user's own recent sign-in events (successes, second-factor prompts, failures and lockouts) and sessions
    /// active now. Every query is constrained by <paramref name="userId"/>: nothing of another user can appear.
    /// </summary>
    public async Task<MySignIns> GetMySignInsAsync(string userId, int take = 20, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        LoginEventType[] signInEvents =
            [LoginEventType.SignInSucceeded, LoginEventType.TwoFactorRequired, LoginEventType.SignInFailed, LoginEventType.LockedOut];

        var recent = await db.LoginLogs.AsNoTracking()
            .Where(log => log.UserId == userId && signInEvents.Contains(log.EventType))
            .OrderByDescending(log => log.CreatedAt).ThenByDescending(log => log.Id)
            .Take(Math.Clamp(take, 1, MaximumPageSize))
            .ToListAsync(cancellationToken);

        var active = await (
                from session in db.LoginSessions.AsNoTracking()
                where session.UserId == userId && session.EndedAt == null && session.ExpiresAt > now
                join signIn in db.LoginLogs.Where(log => log.UserId == userId && log.EventType == LoginEventType.SignInSucceeded)
                    on session.SessionId equals signIn.SessionId into started
                from signIn in started.DefaultIfEmpty()
                orderby session.StartedAt descending
                select new ActiveSessionInfo(
                    session.SessionId, session.StartedAt, session.ExpiresAt,
                    signIn == null ? Data.UserAgents.DeviceType.Other : signIn.DeviceType,
                    signIn == null ? null : signIn.Browser,
                    signIn == null ? null : signIn.Os,
                    signIn == null ? null : signIn.IpAddress,
                    signIn == null ? null : signIn.Location))
            .ToListAsync(cancellationToken);

        return new MySignIns(recent, active);
    }

    /// <summary>An aggregate (MAX) bypasses the column's UTC converter: give the kind back.</summary>
    private static DateTime? AsUtc(DateTime? time) => time is { } value ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : null;

    private static DateTime AsUtc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
