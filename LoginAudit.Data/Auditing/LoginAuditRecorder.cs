using System.Diagnostics;
using System.Net;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Live;
using LoginAudit.Data.Sessions;
using LoginAudit.Data.Telemetry;
using LoginAudit.Data.Throttling;
using LoginAudit.Data.UserAgents;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// Writes one <c>login_logs</c> row per authentication event, with the request's address and parsed user agent.
/// </summary>
/// <remarks>
/// The request is described here, on the caller's thread; the row is written by <see cref="AuditWriter"/>, which
/// commits concurrent writes together and answers each caller once its own row is committed. Every write is whole
/// or absent: a row with its session change, never one without the other. Writes ignore the request's abort token on
/// purpose: a client that disconnects mid sign-in must still leave its row.
/// </remarks>
public sealed partial class LoginAuditRecorder(
    AuditWriter writer,
    IHttpContextAccessor httpContextAccessor,
    IUserAgentParser userAgentParser,
    SuspiciousSignInDetector detector,
    TimeProvider clock,
    LoginEventFeed feed,
    LoginAuditMetrics metrics,
    ILogger<LoginAuditRecorder> logger)
{
    public async Task RecordAsync(AuditEvent auditEvent)
    {
        var row = Describe(auditEvent);
        await WriteAsync(
            row,
            async store =>
            {
                await detector.AssessAsync(store, row);
                await InsertAsync(store, row);
                return row.Id;
            },
            AuditChanges.One);
        if (LoginEventTypes.Failures.Contains(row.EventType))
        {
            // A failure of a browser with a device cookie counts against that device (the address has the row).
            if (httpContextAccessor.HttpContext?.Features.Get<SignInAttempt>() is { } attempt)
            {
                await attempt.FailedAsync();
            }
        }

        Announce(row);
    }

    /// <summary>Writes a sign-in row and opens its session, atomically.</summary>
    public async Task RecordSessionStartAsync(AuditEvent auditEvent, DateTime expiresAtUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(auditEvent.SessionId);
        ArgumentException.ThrowIfNullOrEmpty(auditEvent.UserId);

        var row = Describe(auditEvent);
        var session = new LoginSession
        {
            SessionId = auditEvent.SessionId,
            UserId = auditEvent.UserId,
            UserName = row.UserName,
            StartedAt = row.CreatedAt,
            ExpiresAt = expiresAtUtc,
        };
        await WriteAsync(row, async store =>
        {
            await detector.AssessAsync(store, row);
            await InsertAsync(store, row);
            await store.InsertAsync(session);
            return row.Id;
        });
        Announce(row);
    }

    /// <summary>
    /// Writes the row that ends a session and closes it, atomically. A session ends once: when it was
    /// already closed (signed out, expired or revoked earlier) nothing is written and false is returned.
    /// </summary>
    public async Task<bool> RecordSessionEndAsync(AuditEvent auditEvent)
    {
        var row = Describe(auditEvent);
        var written = await WriteAsync(row, async store =>
        {
            await detector.AssessAsync(store, row);
            if (row.SessionId is not null
                && !await store.EndSessionAsync(row.SessionId, row.CreatedAt, row.EventType)
                && await store.SessionExistsAsync(row.SessionId))
            {
                return false;
            }

            // The account may be gone already (deleted personal data signs out afterwards).
            if (row.UserId is not null && !await store.UserExistsAsync(row.UserId))
            {
                row.UserId = null;
            }

            await InsertAsync(store, row);
            return true;
        });
        if (written)
        {
            Announce(row);
        }

        return written;
    }

    /// <summary>Moves a session's expiry when its cookie is renewed (sliding expiration).</summary>
    public Task ExtendSessionAsync(string sessionId, DateTime expiresAtUtc) =>
        writer.WriteAsync(
            async store =>
            {
                await store.ExtendSessionAsync(sessionId, expiresAtUtc);
                return true;
            },
            AuditChanges.One);

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
        row.TraceId = TraceIdOf(Activity.Current);
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

    /// <summary>
    /// The request's W3C trace id: ASP.NET Core starts an activity per request and continues an incoming
    /// <c>traceparent</c>, so the id is the caller's trace when it sent one.
    /// </summary>
    private static string? TraceIdOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } && activity.TraceId != default ? activity.TraceId.ToHexString() : null;

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

    /// <summary>Inserts the row and tells the feed it is this instance's (see <see cref="LoginEventFeed.Writing"/>).</summary>
    private async Task InsertAsync(AuditStore store, LoginLog row)
    {
        await store.InsertAsync(row);
        feed.Writing(row.Id);
    }

    private async Task<T> WriteAsync<T>(LoginLog row, Func<AuditStore, Task<T>> write, AuditChanges changes = AuditChanges.Several)
    {
        try
        {
            return await writer.WriteAsync(write, changes);
        }
        catch when (row.Id != 0)
        {
            feed.WriteFailed(row.Id);
            throw;
        }
    }

    private void Announce(LoginLog row)
    {
        // The event stream for log pipelines: ids and outcome only, never the attempted user name (people type passwords there).
        LogAuditEvent(row.Id, row.EventType, row.Succeeded, row.FailureReason, row.UserId, row.IpAddress, row.SessionId);
        metrics.Recorded(row);
        feed.Publish(row);
    }

    [LoggerMessage(EventId = 4100, EventName = "LoginAuditEvent", Level = LogLevel.Information,
        Message = "Login audit {LoginLogId}: {EventType} succeeded={Succeeded} reason={FailureReason} user={UserId} ip={IpAddress} session={SessionId}")]
    private partial void LogAuditEvent(long loginLogId, LoginEventType eventType, bool succeeded, LoginFailureReason? failureReason, string? userId, string? ipAddress, string? sessionId);
}
