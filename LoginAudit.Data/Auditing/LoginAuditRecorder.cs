using System.Net;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Live;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.UserAgents;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// Writes one <c>login_logs</c> row per authentication event, with the request's address and parsed user agent.
/// </summary>
/// <remarks>
/// Each write is its own short transaction on its own context, so it never flushes Identity's pending
/// changes and never leaves half a row. It ignores the request's abort token on purpose: a client that
/// disconnects mid sign-in must still leave its row.
/// </remarks>
public sealed partial class LoginAuditRecorder(
    IDbContextFactory<LoginAuditDbContext> contexts,
    IHttpContextAccessor httpContextAccessor,
    IUserAgentParser userAgentParser,
    SuspiciousSignInDetector detector,
    TimeProvider clock,
    LoginEventFeed feed,
    ILogger<LoginAuditRecorder> logger)
{
    public async Task RecordAsync(AuditEvent auditEvent)
    {
        var row = Describe(auditEvent);
        await using var db = await contexts.CreateDbContextAsync();
        await detector.AssessAsync(db, row);
        db.LoginLogs.Add(row);
        await db.SaveChangesAsync();
        Announce(row);
    }

    /// <summary>Writes a sign-in row and opens its session, atomically.</summary>
    public async Task RecordSessionStartAsync(AuditEvent auditEvent, DateTime expiresAtUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(auditEvent.SessionId);
        ArgumentException.ThrowIfNullOrEmpty(auditEvent.UserId);

        var row = Describe(auditEvent);
        await using var db = await contexts.CreateDbContextAsync();
        await detector.AssessAsync(db, row);
        db.LoginLogs.Add(row);
        db.LoginSessions.Add(new LoginSession
        {
            SessionId = auditEvent.SessionId,
            UserId = auditEvent.UserId,
            UserName = row.UserName,
            StartedAt = row.CreatedAt,
            ExpiresAt = expiresAtUtc,
        });
        await db.SaveChangesAsync();
        Announce(row);
    }

    /// <summary>
    /// Writes the row that ends a session and closes it, atomically. A session ends once: when it was
    /// already closed (signed out, expired or revoked earlier) nothing is written and false is returned.
    /// </summary>
    public async Task<bool> RecordSessionEndAsync(AuditEvent auditEvent)
    {
        var row = Describe(auditEvent);
        await using var db = await contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await detector.AssessAsync(db, row);

        if (row.SessionId is not null)
        {
            var closed = await db.LoginSessions
                .Where(session => session.SessionId == row.SessionId && session.EndedAt == null)
                .ExecuteUpdateAsync(update => update
                    .SetProperty(session => session.EndedAt, row.CreatedAt)
                    .SetProperty(session => session.EndedBy, row.EventType));
            if (closed == 0 && await db.LoginSessions.AnyAsync(session => session.SessionId == row.SessionId))
            {
                return false;
            }
        }

        // The account may be gone already (deleted personal data signs out afterwards).
        if (row.UserId is not null && !await db.Users.AnyAsync(user => user.Id == row.UserId))
        {
            row.UserId = null;
        }

        db.LoginLogs.Add(row);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        Announce(row);
        return true;
    }

    /// <summary>Moves a session's expiry when its cookie is renewed (sliding expiration).</summary>
    public async Task ExtendSessionAsync(string sessionId, DateTime expiresAtUtc)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.LoginSessions
            .Where(session => session.SessionId == sessionId && session.EndedAt == null && session.ExpiresAt < expiresAtUtc)
            .ExecuteUpdateAsync(update => update.SetProperty(session => session.ExpiresAt, expiresAtUtc));
    }

    private LoginLog Describe(AuditEvent auditEvent)
    {
        var row = new LoginLog
        {
            UserId = auditEvent.UserId,
            UserName = AuditText.Clean(auditEvent.UserName, LoginLogLimits.UserName),
            EventType = auditEvent.EventType,
            Succeeded = auditEvent.Succeeded,
            FailureReason = auditEvent.FailureReason,
            ErrorCode = AuditText.Clean(auditEvent.ErrorCode, LoginLogLimits.ErrorCode),
            SignInMethod = auditEvent.SignInMethod,
            SessionId = auditEvent.SessionId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        var request = httpContextAccessor.HttpContext;
        if (request is null)
        {
            return row;
        }

        row.IpAddress = ClientAddress(request.Connection.RemoteIpAddress);
        row.UserAgent = AuditText.Clean(request.Request.Headers.UserAgent.ToString(), LoginLogLimits.UserAgent);

        var agent = userAgentParser.Parse(row.UserAgent);
        if (ClientHints.FromHeaders(request.Request.Headers) is { } hints)
        {
            agent = hints.RefineWith(agent);
        }

        row.Browser = AuditText.Clean(agent.Browser.Family, LoginLogLimits.Name);
        row.BrowserVersion = AuditText.Clean(agent.Browser.Version, LoginLogLimits.Version);
        row.Os = AuditText.Clean(agent.Os.Family, LoginLogLimits.Name);
        row.OsVersion = AuditText.Clean(agent.Os.Version, LoginLogLimits.Version);
        row.DeviceType = agent.DeviceType;
        row.DeviceBrand = AuditText.Clean(agent.Device.Brand, LoginLogLimits.Name);
        row.DeviceModel = AuditText.Clean(agent.Device.Model, LoginLogLimits.Name);
        row.IsBot = agent.IsBot;
        return row;
    }

    internal static string? ClientAddress(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; the zone id (%eth0) says nothing about the client.
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : new IPAddress(address.GetAddressBytes());
        return normalized.ToString();
    }

    private void Announce(LoginLog row)
    {
        // The event stream for log pipelines: ids and outcome only, never the attempted user name (people type passwords there).
        LogAuditEvent(row.Id, row.EventType, row.Succeeded, row.FailureReason, row.UserId, row.IpAddress, row.SessionId);
        feed.Publish(row);
    }

    [LoggerMessage(EventId = 4100, EventName = "LoginAuditEvent", Level = LogLevel.Information,
        Message = "Login audit {LoginLogId}: {EventType} succeeded={Succeeded} reason={FailureReason} user={UserId} ip={IpAddress} session={SessionId}")]
    private partial void LogAuditEvent(long loginLogId, LoginEventType eventType, bool succeeded, LoginFailureReason? failureReason, string? userId, string? ipAddress, string? sessionId);
}
