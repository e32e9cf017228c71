using LoginAudit.Data.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Retention;

/// <summary>
/// Purges what is older than <see cref="RetentionSettings.Days"/> at start and then once a day, in the one instance that
/// holds the purging duty. An instance that takes the duty over purges at its next daily tick.
/// </summary>
internal sealed partial class RetentionPurgeService(
    RetentionPurger purger,
    SingletonDuties duties,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<RetentionPurgeService> logger) : PeriodicDutyService(duties, SingletonDuties.RetentionPurge, clock)
{
    protected override TimeSpan Interval => TimeSpan.FromDays(1);

    protected override Task RunPassAsync(CancellationToken cancellationToken) =>
        purger.PurgeOlderThanAsync(TimeSpan.FromDays(options.Value.Retention.Days), cancellationToken: cancellationToken);

    // Rows kept a day longer harm nobody; the next pass purges them.
    protected override void OnPassFailed(Exception exception) => LogPurgeFailed(exception);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Warning, Message = "The retention purge failed; it runs again in a day.")]
    private partial void LogPurgeFailed(Exception exception);
}
