using System.Threading.Channels;
using System.Data.Common;
using LoginAudit.Data.Sqlite;
using LoginAudit.Data.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Auditing;

/// <summary>
/// The one way the process writes audit rows and sessions: writes queue here and are committed in groups,
/// one transaction per group, each write able to fail alone (inside its own savepoint, or, on SQLite, as one statement).
/// </summary>
/// <remarks>
/// SQLite has a single writer, so concurrent transactions only wait for each other (and back off in the busy
/// handler), and a commit is the expensive part of a small write (on PostgreSQL too: a commit is a WAL flush). Group commit turns N waiting writers into one
/// transaction and one commit, while every caller still returns only once its own write is committed (a sign-in
/// fails closed on its own row). A write that fails is undone alone (rolled back to its savepoint; on SQLite a write of one change
/// needs none, SQLite undoes its failing statement itself) and fails alone; the others commit.
/// Writes run one after another on one connection, so each sees the rows written before it, in its group too (the
/// detection reads count them). When the process stops, the queue is drained; a write queued after that fails
/// instead of vanishing.
/// </remarks>
public sealed partial class AuditWriter : IAsyncDisposable, IDisposable
{
    /// <summary>Bounds one transaction, so that other processes' writes and checkpoints get their turn.</summary>
    public const int MaxGroupSize = 256;

    private readonly IDbContextFactory<LoginAuditDbContext> contexts;
    private readonly SqliteSynchronous synchronous;
    private readonly ILogger<AuditWriter> logger;
    private readonly LoginAuditMetrics? metrics;
    private readonly Channel<PendingWrite> queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task committing;
    private readonly WalCheckpointer checkpointer;
    private DbConnection? connection;
    private AuditStore? store;

    // Counted here: a single-reader channel cannot count its items.
    private int queued;

    public AuditWriter(IDbContextFactory<LoginAuditDbContext> contexts, IOptions<LoginAuditOptions> options, ILogger<AuditWriter> logger, LoginAuditMetrics? metrics = null)
    {
        this.contexts = contexts;
        synchronous = options.Value.Database.Synchronous;
        this.logger = logger;
        this.metrics = metrics;
        metrics?.ObserveWriterQueue(() => Volatile.Read(ref queued));
        checkpointer = new WalCheckpointer(contexts, logger);
        committing = Task.Run(CommitQueuedWritesAsync);
    }

    /// <summary>
    /// Runs <paramref name="write"/> in the next group and returns its result once the group is committed.
    /// </summary>
    /// <param name="write">The write's reads and changes, against the group's transaction.</param>
    /// <param name="changes">
    /// <see cref="AuditChanges.One"/> when <paramref name="write"/> runs at most one statement that changes rows: on SQLite it then
    /// needs no savepoint (a second change fails the group).
    /// </param>
    /// <remarks>No cancellation on purpose: a client that disconnects mid sign-in must still leave its row.</remarks>
    public Task<T> WriteAsync<T>(Func<AuditStore, Task<T>> write, AuditChanges changes = AuditChanges.Several)
    {
        var pending = new PendingWrite<T>(write, changes, metrics);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(AuditWriter), "The application is stopping; the audit writer takes no more writes.");
        }

        Interlocked.Increment(ref queued);

        return pending.Completion;
    }

    /// <summary>The latest write-ahead log checkpoint the writer started (see <see cref="WalCheckpointer"/>).</summary>
    internal Task LastCheckpoint => checkpointer.LastCheckpoint;

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await committing;
        await checkpointer.LastCheckpoint;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task CommitQueuedWritesAsync()
    {
        var group = new List<PendingWrite>(MaxGroupSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync())
            {
                while (group.Count < MaxGroupSize && queue.Reader.TryRead(out var pending))
                {
                    Interlocked.Decrement(ref queued);
                    group.Add(pending);
                }

                try
                {
                    await CommitGroupAsync(group);
                }
                catch (Exception exception)
                {
                    // The transaction could not begin or commit: the whole group is lost, and each caller hears it.
                    LogGroupFailed(exception, group.Count);
                    foreach (var pending in group)
                    {
                        pending.Fail(exception);
                    }

                    await CloseAsync();
                }

                group.Clear();
            }
        }
        finally
        {
            await CloseAsync();
        }
    }

    private async Task CommitGroupAsync(List<PendingWrite> group)
    {
        var (writerConnection, writerStore) = await OpenAsync();
        var transaction = await SqlDialect.For(writerConnection).BeginAuditWriteAsync(writerConnection);
        var written = new List<PendingWrite>(group.Count);
        try
        {
            writerStore.Use(transaction);
            foreach (var pending in group)
            {
                if (await TryWriteAsync(writerStore, pending))
                {
                    written.Add(pending);
                }
            }

            writerStore.EndGroup();
            await writerStore.IndexNewRowsForSearchAsync();
            await writerStore.AnnounceNewRowsAsync();
            await transaction.CommitAsync();
        }
        catch
        {
            await DiscardAsync(transaction);
            throw;
        }

        await transaction.DisposeAsync();
        writerStore.GroupCommitted();
        if (writerConnection is SqliteConnection)
        {
            checkpointer.GroupCommitted();
        }
        foreach (var pending in written)
        {
            pending.Succeed();
        }
    }

    /// <summary>
    /// Rolls back what is left of a failed group. The database may have ended the transaction itself (an I/O error, a full
    /// disk, a lost connection); then the rollback fails too, and the error that says why is the one already on its way to the callers.
    /// </summary>
    private static async Task DiscardAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.DisposeAsync();
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
        }
    }

    /// <returns>False when the write failed and was rolled back alone (its caller has the exception).</returns>
    private static async Task<bool> TryWriteAsync(AuditStore writerStore, PendingWrite pending)
    {
        await writerStore.BeginWriteAsync(pending.Changes);
        var inserted = writerStore.InsertedCount;
        try
        {
            await pending.RunAsync(writerStore);
            await writerStore.ReleaseWriteAsync();
            return true;
        }
        catch (Exception exception)
        {
            pending.Fail(exception);
            try
            {
                await writerStore.RollbackWriteAsync(exception);
                writerStore.ForgetInsertsAfter(inserted);
            }
            catch (Exception rollbackFailure) when (rollbackFailure is DbException or InvalidOperationException)
            {
                // Some errors (a full disk, an I/O error) end the whole transaction, savepoint included: the group
                // fails, and this write's error is the one that says why.
                throw new InvalidOperationException("An audit write ended the group's transaction.", exception);
            }

            return false;
        }
    }

    private async Task<(DbConnection Connection, AuditStore Store)> OpenAsync()
    {
        if (connection is not null && store is not null)
        {
            return (connection, store);
        }

        connection = await contexts.OpenConnectionAsync();
        if (connection is SqliteConnection)
        {
            await using var pragmas = connection.CreateCommand();
            // temp_store: each write's savepoint keeps the original of every page it changes; in memory that is a copy,
            // in a temporary file it was two thirds of a write's cost (measured). wal_autocheckpoint: see WalCheckpointer.
            pragmas.CommandText = $"{SqliteSynchronousPragma.For(synchronous)} PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0;";
            await pragmas.ExecuteNonQueryAsync();
        }
        else
        {
            // The writer's statements are prepared, and each detection read has one good plan whatever its values: the
            // walk of an index that stops at the threshold. Planned for its values, the spraying read of an attack still
            // newer than the table's statistics was estimated at one row and read every failure of the address in the window
            // instead, more at every write (decision 0006, amendment of 2026-12-02).
            await using var planning = connection.CreateCommand();
            planning.CommandText = "SET plan_cache_mode = force_generic_plan";
            await planning.ExecuteNonQueryAsync();
        }

        store = new AuditStore(connection);
        return (connection, store);
    }

    /// <summary>
    /// After a failed group the connection starts afresh, whatever state the failure left it in. Never throws: the
    /// loop must outlive any failure, or every later caller would wait forever.
    /// </summary>
    private async Task CloseAsync()
    {
        try
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception exception)
        {
            LogCloseFailed(exception);
        }
        finally
        {
            store = null;
            connection = null;
        }
    }

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "A group of {Count} audit writes could not be committed; each caller was given the error.")]
    private partial void LogGroupFailed(Exception exception, int count);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "The audit writer's connection could not be closed cleanly; the next group opens a new one.")]
    private partial void LogCloseFailed(Exception exception);

    private abstract class PendingWrite(AuditChanges changes)
    {
        protected readonly long Queued = System.Diagnostics.Stopwatch.GetTimestamp();

        public AuditChanges Changes => changes;

        public abstract Task RunAsync(AuditStore store);

        public abstract void Succeed();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(Func<AuditStore, Task<T>> write, AuditChanges changes, LoginAuditMetrics? metrics) : PendingWrite(changes)
    {
        // Callers continue on their own threads, never inside the commit loop.
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Completion => completion.Task;

        public override async Task RunAsync(AuditStore store) => result = await write(store);

        public override void Succeed()
        {
            metrics?.AuditWriteCompleted(Queued, committed: true);
            completion.TrySetResult(result!);
        }

        public override void Fail(Exception exception)
        {
            metrics?.AuditWriteCompleted(Queued, committed: false);
            completion.TrySetException(exception);
        }
    }
}
