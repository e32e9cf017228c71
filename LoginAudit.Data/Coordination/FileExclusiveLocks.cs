namespace LoginAudit.Data.Coordination;

/// <summary>
/// SQLite's locks: an exclusive lock on a file beside the database (<c>loginaudit.db-seal.lock</c>), which every process
/// on the machine sees and the kernel drops when the holder exits, however it exits.
/// </summary>
/// <remarks>
/// .NET takes <see cref="FileShare.None"/> on Unix as <c>flock(LOCK_EX | LOCK_NB)</c>, held by the open file, so a second
/// open in the same process is refused too (two instances in one test process stay exclusive). Several SQLite processes
/// can only share a database on one machine (WAL needs shared memory), so a local file lock covers every instance.
/// The lock file is never deleted: deleting it while held would let a second holder lock a new file of the same name.
/// </remarks>
public sealed class FileExclusiveLocks(string databasePath) : IExclusiveLocks
{
    public Task<IExclusiveLock?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var path = $"{databasePath}-{name}.lock";
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None);
            return Task.FromResult<IExclusiveLock?>(new FileLock(file));
        }
        catch (IOException)
        {
            // Held by another process (or another instance in this one).
            return Task.FromResult<IExclusiveLock?>(null);
        }
    }

    private sealed class FileLock(FileStream file) : IExclusiveLock
    {
        public Task<bool> StillHeldAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public ValueTask DisposeAsync() => file.DisposeAsync();
    }
}
