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
/// the WAL stays bounded even if this one stops.
/// </remarks>
public sealed partial class WalCheckpointer(IDbContextFactory<LoginAuditDbContext> contexts, ILogger logger)
{
    /// <summary>About SQLite's own 1,000 pages: a group changes some 5–50 pages.</summary>
    public const int GroupsBetweenCheckpoints = 32;

    private int groupsSinceCheckpoint;
    private int running;

    /// <summary>The latest checkpoint started (completed when none is running).</summary>
    public Task LastCheckpoint { get; private set; } = Task.CompletedTask;

    /// <summary>Counts a committed group; every <see cref="GroupsBetweenCheckpoints"/> groups a checkpoint starts if none is running.</summary>
    public void GroupCommitted()
    {
        if (++groupsSinceCheckpoint >= GroupsBetweenCheckpoints && Interlocked.CompareExchange(ref running, 1, 0) == 0)
        {
            groupsSinceCheckpoint = 0;
            LastCheckpoint = Task.Run(CheckpointAsync);
        }
    }

    private async Task CheckpointAsync()
    {
        try
        {
            await using var connection = await contexts.OpenSqliteConnectionAsync();
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

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Checkpointing the SQLite write-ahead log failed; the next checkpoint tries again.")]
    private partial void LogCheckpointFailed(Exception exception);
}
