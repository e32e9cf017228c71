using LoginAudit.Data.Coordination;
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
    ILogger<ChainSealingService> logger) : PeriodicDutyService(duties, SingletonDuties.ChainSealing, clock)
{
    protected override TimeSpan Interval => options.Value.Integrity.SealInterval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => sealer.SealAsync(cancellationToken);

    // Nothing is lost: the rows stay unsealed and the next pass seals them.
    protected override void OnPassFailed(Exception exception) => LogSealFailed(exception);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "Sealing new login_logs rows into the hash chain failed; the next pass tries again.")]
    private partial void LogSealFailed(Exception exception);
}
