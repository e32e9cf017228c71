using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Coordination;

/// <summary>
/// Work that exactly one instance of the deployment does (sealing the chain, sweeping expired sessions, purging): the
/// instance that holds the duty's lock. The others ask again at each of their intervals, so when the holder dies one
/// of them takes over within an interval of the operating system or server releasing the lock.
/// </summary>
public sealed partial class SingletonDuty(string name, IExclusiveLocks locks, ILogger logger) : IAsyncDisposable
{
    private IExclusiveLock? held;

    public string Name { get; } = name;

    /// <summary>Whether this instance does the duty now: keeps the lock it holds, or tries to take it.</summary>
    public async Task<bool> IsMineAsync(CancellationToken cancellationToken)
    {
        if (held is not null)
        {
            if (await held.StillHeldAsync(cancellationToken))
            {
                return true;
            }

            LogLost(Name);
            await ReleaseAsync();
        }

        try
        {
            held = await locks.TryAcquireAsync(Name, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database is unreachable: nobody can do the work, and the next interval asks again.
            LogAcquireFailed(exception, Name);
            return false;
        }

        if (held is not null)
        {
            LogTaken(Name);
        }

        return held is not null;
    }

    public ValueTask DisposeAsync() => ReleaseAsync();

    private async ValueTask ReleaseAsync()
    {
        if (held is not null)
        {
            await held.DisposeAsync();
            held = null;
        }
    }

    [LoggerMessage(EventId = 4170, Level = LogLevel.Information, Message = "This instance now does the singleton duty {Duty}.")]
    private partial void LogTaken(string duty);

    [LoggerMessage(EventId = 4171, Level = LogLevel.Warning, Message = "This instance lost the lock of the singleton duty {Duty}; it stops that work and asks for the lock again.")]
    private partial void LogLost(string duty);

    [LoggerMessage(EventId = 4172, Level = LogLevel.Warning, Message = "The lock of the singleton duty {Duty} could not be asked for; the next interval asks again.")]
    private partial void LogAcquireFailed(Exception exception, string duty);
}
