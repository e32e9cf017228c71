using LoginAudit.Data.Coordination;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Rollups;

/// <summary>
/// Counts new <c>login_logs</c> rows into <see cref="LoginLogRollups"/> at start and every
/// <see cref="RollupSettings.Interval"/>, in the one instance that holds the duty.
/// </summary>
internal sealed partial class LoginLogRollupService(
    IDbContextFactory<LoginAuditDbContext> contexts,
    SingletonDuties duties,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<LoginLogRollupService> logger) : PeriodicDutyService(duties, SingletonDuties.Rollups, clock)
{
    protected override TimeSpan Interval => options.Value.Rollups.Interval;

    protected override async Task RunPassAsync(CancellationToken cancellationToken)
    {
        await using var connection = await contexts.OpenConnectionAsync(cancellationToken);
        await LoginLogRollups.RollUpAsync(connection, Clock, cancellationToken);
    }

    // Nothing is lost: the dashboards count the rows above the mark from the rows, and the next pass counts them.
    protected override void OnPassFailed(Exception exception) => LogRollUpFailed(exception);

    [LoggerMessage(EventId = 4190, Level = LogLevel.Warning, Message = "Counting new login_logs rows into the roll-ups failed; the dashboards count them from the rows until the next pass.")]
    private partial void LogRollUpFailed(Exception exception);
}
