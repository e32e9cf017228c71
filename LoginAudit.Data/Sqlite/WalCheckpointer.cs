using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database file on a connection of its own, beside the audit writer
/// rather than inside its commits.
/// </summary>
/// <remarks>
/// SQLite's automatic checkpoint runs in the commit that crosses 1,000 WAL pages, so every few dozen audit groups one
/// caller waited for a copy of 4 MB and two fsyncs: measured, that was more than half of the commit cost at 16
/// concurrent writers. The writer's connection turns it off and asks here instead; a passive checkpoint runs
/// concurrently with new commits and never blocks them. Other connections keep SQLite's automatic checkpoint, so
/// the WAL stays bounded even if this one stops. With <c>synchronous=NORMAL</c> a checkpoint is also when commits
/// reach the disk, so one runs at least every <see cref="MaxInterval"/> while groups are committed: a power loss
/// costs at most about that much.
/// </remarks>
public sealed partial class WalCheckpointer(IDbContextFactory<LoginAuditDbContext> contexts, ILogger logger)
{
    /// <summary>About SQLite's own 1,000 pages: a group changes some 5–50 pages.</summary>
    public const int GroupsBetweenCheckpoints = 32;

    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);

    private int groupsSinceCheckpoint;
    private long lastCheckpointAt = Environment.TickCount64;
    private int running;

    /// <summary>The latest checkpoint started (completed when none is running).</summary>
    public Task LastCheckpoint { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Counts a committed group; after <see cref="GroupsBetweenCheckpoints"/> groups or <see cref="MaxInterval"/>,
    /// a checkpoint starts unless one is running.
    /// </summary>
    public void GroupCommitted()
    {
        var due = ++groupsSinceCheckpoint >= GroupsBetweenCheckpoints
            || Environment.TickCount64 - lastCheckpointAt >= (long)MaxInterval.TotalMilliseconds;
        if (due && Interlocked.CompareExchange(ref running, 1, 0) == 0)
        {
            groupsSinceCheckpoint = 0;
            lastCheckpointAt = Environment.TickCount64;
            LastCheckpoint = Task.Run(CheckpointAsync);
        }
    }

    private async Task CheckpointAsync()
    {
        try
        {
            await using var connection = await contexts.OpenConnectionAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        catch (Exception exception)
        {
            // Nothing is lost: the pages stay in the WAL, and the next checkpoint (or another connection's) copies them.
            LogCheckpointFailed(exception);
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Checkpointing the SQLite write-ahead log failed; the next checkpoint tries again.")]
    private partial void LogCheckpointFailed(Exception exception);
}
