using LoginAudit.Data.Coordination;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Integrity;

/// <summary>
/// Runs <see cref="ChainSealer"/> every <see cref="IntegritySettings.SealInterval"/>, in the one instance that holds the
/// sealing duty (the sealer is safe to run twice, but one sealer keeps the write lock free for sign-ins).
/// </summary>
internal sealed partial class ChainSealingService(
    ChainSealer sealer,
    SingletonDuties duties,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<ChainSealingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Integrity.SealInterval, clock);
        await using var duty = duties.For(SingletonDuties.ChainSealing);
        do
        {
            try
            {
                if (await duty.IsMineAsync(stoppingToken))
                {
                    await sealer.SealAsync(stoppingToken);
                }
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
