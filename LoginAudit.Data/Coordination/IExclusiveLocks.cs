namespace LoginAudit.Data.Coordination;

/// <summary>
/// Named locks that at most one holder in the whole deployment has at a time, and that the operating system or the
/// database server releases when the holder dies: no lease to expire, no clock to trust.
/// </summary>
public interface IExclusiveLocks
{
    /// <summary>Takes <paramref name="name"/> if nobody holds it; null when another holder (this process included) has it.</summary>
    Task<IExclusiveLock?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A held lock; disposing releases it.</summary>
public interface IExclusiveLock : IAsyncDisposable
{
    /// <summary>False once the lock is lost (its database connection broke): the holder must stop and try again.</summary>
    Task<bool> StillHeldAsync(CancellationToken cancellationToken);
}
