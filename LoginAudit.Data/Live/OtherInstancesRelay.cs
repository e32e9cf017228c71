using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Live;

/// <summary>Tells this instance's open pages about the rows other instances write (<see cref="IOtherInstancesEvents"/>).</summary>
internal sealed partial class OtherInstancesRelay(IOtherInstancesEvents events, LoginEventFeed feed, ILogger<OtherInstancesRelay> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var batch in events.ReadAsync(stoppingToken))
                {
                    foreach (var notice in batch)
                    {
                        feed.PublishFromDatabase(notice);
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Open pages miss other instances' news until the source is back; their counts catch up on reload.
                LogRelayFailed(exception);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(EventId = 4126, Level = LogLevel.Warning, Message = "Reading other instances' new login events failed; trying again shortly.")]
    private partial void LogRelayFailed(Exception exception);
}
