using LoginAudit.Data.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Sessions;

/// <summary>
/// Runs <see cref="SessionExpiry"/> every <see cref="SessionSettings.ExpirySweepInterval"/>, in the one instance that holds
/// the sweeping duty (two sweepers would race for the same sessions; each would end once, but both would read them all).
/// </summary>
internal sealed partial class SessionExpirySweeper(
    SessionExpiry expiry,
    SingletonDuties duties,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<SessionExpirySweeper> logger) : PeriodicDutyService(duties, SingletonDuties.SessionExpiry, clock)
{
    protected override TimeSpan Interval => options.Value.Sessions.ExpirySweepInterval;

    protected override async Task RunPassAsync(CancellationToken cancellationToken)
    {
        if (await expiry.EndExpiredSessionsAsync(cancellationToken) is var ended && ended > 0)
        {
            LogEnded(ended);
        }
    }

    // Nothing is lost: the sessions stay open and the next sweep tries again.
    protected override void OnPassFailed(Exception exception) => LogSweepFailed(exception);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Ended {Count} expired sessions.")]
    private partial void LogEnded(int count);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "The expired-session sweep failed; it runs again at the next interval.")]
    private partial void LogSweepFailed(Exception exception);
}
