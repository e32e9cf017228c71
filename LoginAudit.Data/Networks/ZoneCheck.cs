using System.Net;
using LoginAudit.Data.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Networks;

/// <summary>
/// The sign-in form's zone check (the web app's zone middleware asks it): decides by <see cref="NetworkZones"/> and
/// audits a refusal as its own <see cref="LoginEventType.ZoneRefused"/> row, capped per address as throttling's
/// refusals are (<c>LoginAudit:Throttling:RefusalRowsPerAddress</c> within its window), so a flood cannot fill the table.
/// </summary>
public sealed partial class ZoneCheck(
    NetworkZones zones,
    IDbContextFactory<LoginAuditDbContext> contexts,
    LoginAuditRecorder recorder,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<ZoneCheck> logger)
{
    public async Task<ZoneRefusal?> CheckAsync(IPAddress? clientAddress, string? userName, SignInMethod method, CancellationToken cancellationToken)
    {
        var ipAddress = LoginAuditRecorder.ClientAddress(clientAddress);
        if (zones.Decide(ipAddress) is not { } refusal)
        {
            return null;
        }

        var settings = options.Value.Throttling;
        var since = clock.GetUtcNow().UtcDateTime - settings.Window;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var audited = await db.LoginLogs.CountAsync(
            log => log.IpAddress == ipAddress && log.EventType == LoginEventType.ZoneRefused && log.CreatedAt >= since, cancellationToken);
        if (audited >= settings.RefusalRowsPerAddress)
        {
            return refusal;
        }

        LogRefused(ipAddress!, refusal.Code);
        try
        {
            await recorder.RecordAsync(new AuditEvent(LoginEventType.ZoneRefused)
            {
                UserName = userName,
                FailureReason = LoginFailureReason.ZoneRefused,
                ErrorCode = refusal.Code,
                SignInMethod = method,
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Refused either way: a refusal that cannot be audited must not let the attempt through or become an error page.
            LogRefusalNotAudited(exception, refusal.Code);
        }

        return refusal;
    }

    [LoggerMessage(EventId = 4155, Level = LogLevel.Warning, Message = "Sign-in attempt from {IpAddress} refused by the network zone rule {Zone}.")]
    private partial void LogRefused(string ipAddress, string zone);

    [LoggerMessage(EventId = 4156, Level = LogLevel.Error, Message = "A sign-in attempt refused by the network zone rule {Zone} could not be audited; it is refused anyway.")]
    private partial void LogRefusalNotAudited(Exception exception, string zone);
}
