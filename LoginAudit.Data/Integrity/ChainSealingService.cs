using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Integrity;

/// <summary>Runs <see cref="ChainSealer"/> every <see cref="IntegritySettings.SealInterval"/>.</summary>
internal sealed partial class ChainSealingService(
    ChainSealer sealer,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<ChainSealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Integrity.SealInterval, clock);
        do
        {
            try
            {
                await sealer.SealAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Nothing is lost: the rows stay unsealed and the next pass seals them.
                LogSealFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "Sealing new login_logs rows into the hash chain failed; the next pass tries again.")]
    private partial void LogSealFailed(Exception exception);
}
