using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Throttling;

/// <summary>Which throttling limit refused an attempt; stored in <c>login_logs.error_code</c> of its <see cref="LoginEventType.RateLimited"/> row.</summary>
public enum ThrottleLimit
{
    UserNameFailuresPerAddress,
    FailuresPerAddress,
    UserNamesPerAddress,
}

/// <param name="RetryAfter">When the oldest counted failure leaves the window, at least one second.</param>
public sealed record ThrottleDecision(ThrottleLimit Limit, TimeSpan RetryAfter);

/// <summary>
/// Decides whether a sign-in attempt is refused, from the failures already audited in <c>login_logs</c>
/// (indexed reads by address). Successes are never counted, and neither are refused attempts, so a
/// refusal lifts once the failures that caused it age out of the window.
/// </summary>
public sealed class SignInThrottle(IDbContextFactory<LoginAuditDbContext> contexts, IOptions<LoginAuditOptions> options, TimeProvider clock)
{
    private static readonly LoginEventType[] Failures = [LoginEventType.SignInFailed, LoginEventType.LockedOut];

    /// <summary>Null when the attempt may go on; otherwise the limit it hit.</summary>
    public async Task<ThrottleDecision?> CheckAsync(System.Net.IPAddress? clientAddress, string? userName, CancellationToken cancellationToken)
    {
        // The address as the recorder stores it, so that the failures it wrote are found.
        var ipAddress = LoginAuditRecorder.ClientAddress(clientAddress);
        if (ipAddress is null)
        {
            return null;
        }

        var settings = options.Value.Throttling;
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - settings.Window;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var failures = db.LoginLogs.Where(log => log.IpAddress == ipAddress && Failures.Contains(log.EventType) && log.CreatedAt >= since);

        var byAddress = await failures
            .GroupBy(_ => 1)
            .Select(group => new { Count = group.Count(), Oldest = group.Min(log => log.CreatedAt) })
            .SingleOrDefaultAsync(cancellationToken);
        if (byAddress is null)
        {
            return null;
        }

        if (byAddress.Count >= settings.FailuresPerAddress)
        {
            return Decide(ThrottleLimit.FailuresPerAddress, byAddress.Oldest);
        }

        var names = await failures.Where(log => log.UserName != null).Select(log => log.UserName!.ToLower()).Distinct().CountAsync(cancellationToken);
        if (names >= settings.UserNamesPerAddress)
        {
            return Decide(ThrottleLimit.UserNamesPerAddress, byAddress.Oldest);
        }

        var name = AuditText.Clean(userName, LoginLogLimits.UserName)?.ToLowerInvariant();
        if (name is null)
        {
            return null;
        }

        var byName = await failures
            .Where(log => log.UserName!.ToLower() == name)
            .GroupBy(_ => 1)
            .Select(group => new { Count = group.Count(), Oldest = group.Min(log => log.CreatedAt) })
            .SingleOrDefaultAsync(cancellationToken);
        return byName is not null && byName.Count >= settings.UserNameFailuresPerAddress
            ? Decide(ThrottleLimit.UserNameFailuresPerAddress, byName.Oldest)
            : null;

        ThrottleDecision Decide(ThrottleLimit limit, DateTime oldest)
        {
            var retryAfter = oldest + settings.Window - now;
            return new ThrottleDecision(limit, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
        }
    }
}
