using System.Collections.Concurrent;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Sessions;

/// <summary>Who ended the sessions; stored as <c>error_code</c> on their <see cref="LoginEventType.SessionRevoked"/> rows.</summary>
public enum SessionRevoker
{
    /// <summary>An administrator ended all of the user's sessions.</summary>
    EndedByAdmin,

    /// <summary>The user ended their other sessions ("this wasn't me").</summary>
    EndedByUser,
}

/// <summary>
/// Ends sessions on purpose: changes the user's security stamp (so every cookie fails its next
/// validation) and audits each open session as revoked right away.
/// </summary>
/// <remarks>
/// The security stamp alone would leave a revoked cookie working until its next validation (up to
/// <see cref="SessionSettings.SecurityStampValidationInterval"/>); <see cref="RevokedSessionList"/>
/// makes this instance refuse it at once.
/// </remarks>
public sealed partial class SessionRevocation(
    UserManager<ApplicationUser> users,
    IDbContextFactory<LoginAuditDbContext> contexts,
    LoginAuditRecorder recorder,
    RevokedSessionList revoked,
    ILogger<SessionRevocation> logger)
{
    /// <returns>How many open sessions were ended.</returns>
    public async Task<int> EndSessionsAsync(string userId, SessionRevoker revoker, string actorUserId, string? keepSessionId = null)
    {
        var user = await users.FindByIdAsync(userId)
            ?? throw new InvalidOperationException($"There is no user with id '{userId}'.");

        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not change the security stamp of user '{userId}'.");
        }

        List<string> open;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            open = await db.LoginSessions.AsNoTracking()
                .Where(session => session.UserId == userId && session.EndedAt == null && session.SessionId != keepSessionId)
                .Select(session => session.SessionId)
                .ToListAsync();
        }

        var ended = 0;
        foreach (var sessionId in open)
        {
            revoked.Add(sessionId);
            if (await recorder.RecordSessionEndAsync(new AuditEvent(LoginEventType.SessionRevoked)
                {
                    UserId = userId,
                    UserName = user.UserName,
                    SessionId = sessionId,
                    ErrorCode = revoker.ToString(),
                }))
            {
                ended++;
            }
        }

        LogSessionsEnded(ended, userId, revoker, actorUserId);
        return ended;
    }

    [LoggerMessage(EventId = 4135, Level = LogLevel.Information, Message = "Ended {Count} sessions of user {UserId} ({Revoker}, by user {ActorUserId}).")]
    private partial void LogSessionsEnded(int count, string userId, SessionRevoker revoker, string actorUserId);
}

/// <summary>Session ids ended on purpose while this instance runs; their cookies are refused on the next request.</summary>
public sealed class RevokedSessionList
{
    private readonly ConcurrentDictionary<string, byte> sessionIds = new(StringComparer.Ordinal);

    public void Add(string sessionId) => sessionIds.TryAdd(sessionId, 0);

    public bool Contains(string? sessionId) => sessionId is not null && sessionIds.ContainsKey(sessionId);
}
