using LoginAudit.Data.Coordination;
using Microsoft.Extensions.Hosting;
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
    ILogger<SessionExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Sessions.ExpirySweepInterval, clock);
        await using var duty = duties.For(SingletonDuties.SessionExpiry);
        do
        {
            try
            {
                var ended = await duty.IsMineAsync(stoppingToken) ? await expiry.EndExpiredSessionsAsync(stoppingToken) : 0;
                if (ended > 0)
                {
                    LogEnded(ended);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Nothing is lost: the sessions stay open and the next sweep tries again.
                LogSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Ended {Count} expired sessions.")]
    private partial void LogEnded(int count);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "The expired-session sweep failed; it runs again at the next interval.")]
    private partial void LogSweepFailed(Exception exception);
}
