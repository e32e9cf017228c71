using LoginAudit.Data.Coordination;
using Microsoft.Extensions.Hosting;
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
    ILogger<LoginLogPartitionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!partitions.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        await using var duty = duties.For(SingletonDuties.LoginLogPartitions);
        do
        {
            try
            {
                if (await duty.IsMineAsync(stoppingToken))
                {
                    await partitions.CreateAheadAsync(options.Value.Database.PartitionMonthsAhead, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The months ahead are a margin of weeks, and the default partition takes any row meanwhile.
                LogMaintenanceFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4134, Level = LogLevel.Warning, Message = "Creating the login_logs partitions ahead failed; it runs again in a day.")]
    private partial void LogMaintenanceFailed(Exception exception);
}
