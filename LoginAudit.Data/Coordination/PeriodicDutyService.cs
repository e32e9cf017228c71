using Microsoft.Extensions.Hosting;

namespace LoginAudit.Data.Coordination;

/// <summary>
/// A <see cref="SingletonDuty"/> done at start and then every <see cref="Interval"/>, in the one instance that holds it.
/// A pass that fails is reported and tried again at the next tick: a duty's work is always safe to repeat.
/// </summary>
internal abstract class PeriodicDutyService(SingletonDuties duties, string dutyName, TimeProvider clock) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected TimeProvider Clock => clock;

    /// <summary>Whether the duty applies to this deployment at all (checked once, at start).</summary>
    protected virtual bool Enabled => true;

    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    protected abstract void OnPassFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        await using var duty = duties.For(dutyName);
        do
        {
            try
            {
                if (await duty.IsMineAsync(stoppingToken))
                {
                    await RunPassAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                OnPassFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
