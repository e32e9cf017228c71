using LoginAudit.Data.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Partitioning;

/// <summary>
/// Keeps <c>login_logs</c> partitions ready on PostgreSQL: at start and then once a day, in the one instance that holds the
/// duty, the current month and the next <see cref="DatabaseSettings.PartitionMonthsAhead"/> get theirs. Nothing waits on
/// it: a row whose month has no partition yet lands in the default partition and moves into its month when it is made.
/// </summary>
internal sealed partial class LoginLogPartitionService(
    LoginLogPartitions partitions,
    SingletonDuties duties,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<LoginLogPartitionService> logger) : PeriodicDutyService(duties, SingletonDuties.LoginLogPartitions, clock)
{
    protected override TimeSpan Interval => TimeSpan.FromDays(1);

    protected override bool Enabled => partitions.Enabled;

    protected override Task RunPassAsync(CancellationToken cancellationToken) =>
        partitions.CreateAheadAsync(options.Value.Database.PartitionMonthsAhead, cancellationToken);

    // The months ahead are a margin of weeks, and the default partition takes any row meanwhile.
    protected override void OnPassFailed(Exception exception) => LogMaintenanceFailed(exception);

    [LoggerMessage(EventId = 4134, Level = LogLevel.Warning, Message = "Creating the login_logs partitions ahead failed; it runs again in a day.")]
    private partial void LogMaintenanceFailed(Exception exception);
}
