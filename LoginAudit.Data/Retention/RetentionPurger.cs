using System.Globalization;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.History;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Partitioning;
using LoginAudit.Data.Rollups;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Data.Retention;

/// <summary>
/// What a purge removed (or, on a dry run, would remove): <c>login_logs</c> rows older than <paramref name="RowsCutoffUtc"/>
/// (on PostgreSQL the start of the cutoff's month, see <see cref="LoginLogPartitions.RowsCutoff"/>) and sessions that
/// ended before <paramref name="CutoffUtc"/>.
/// </summary>
public sealed record PurgeResult(DateTime CutoffUtc, long Rows, long Sessions, bool DryRun, DateTime RowsCutoffUtc);

/// <summary>
/// Deletes <c>login_logs</c> rows older than a cutoff, and <c>login_sessions</c> that ended before it, in small
/// transactions, keeping the hash chain verifiable through its anchor.
/// </summary>
/// <remarks>
/// Only the oldest part of the chain can go: rows are deleted in id order up to the first row inside the window,
/// so an old row written after a newer one (demo data added late) waits until the rows before it are old too.
/// Each batch deletes at most <see cref="BatchSize"/> rows and moves the anchor (id, position and hash of the last
/// deleted row) in the same transaction, takes the deleted rows out of the dashboards' roll-ups there too, then pauses,
/// so sign-ins never wait long for the write lock.
/// On PostgreSQL whole months go instead where they can (<see cref="LoginLogPartitions.DropMonthsBeforeAsync"/>), with the
/// same anchor; rows deleted one by one are those of the default partition and rows that came late.
/// </remarks>
public sealed partial class RetentionPurger(
    IDbContextFactory<LoginAuditDbContext> contexts,
    ChainSealer sealer,
    LoginLogPartitions partitions,
    LoginAuditRecorder recorder,
    TimeProvider clock,
    ILogger<RetentionPurger> logger)
{
    public const int BatchSize = 5_000;

    private static readonly TimeSpan PauseBetweenBatches = TimeSpan.FromMilliseconds(50);

    /// <summary>Purges what is older than <paramref name="retention"/> before now.</summary>
    public Task<PurgeResult> PurgeOlderThanAsync(TimeSpan retention, bool dryRun = false, CancellationToken cancellationToken = default) =>
        PurgeAsync(clock.GetUtcNow().UtcDateTime - retention, dryRun, cancellationToken);

    public async Task<PurgeResult> PurgeAsync(DateTime cutoffUtc, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        cutoffUtc = DateTime.SpecifyKind(cutoffUtc, DateTimeKind.Utc);
        var rowsCutoffUtc = partitions.RowsCutoff(cutoffUtc);
        if (dryRun)
        {
            await using var reading = await contexts.OpenConnectionAsync(cancellationToken);
            return new PurgeResult(cutoffUtc, await CountOldRowsAsync(reading, rowsCutoffUtc, cancellationToken), await CountOldSessionsAsync(reading, cutoffUtc, cancellationToken), DryRun: true, rowsCutoffUtc);
        }

        // Only sealed rows can be purged: the anchor needs their hash.
        await sealer.SealAsync(cancellationToken);

        await using var connection = await contexts.OpenConnectionAsync(cancellationToken);
        var rows = 0L;
        while (true)
        {
            // Asked again after each batch: deleting a late row one by one can make the month after it droppable whole.
            rows += await partitions.DropMonthsBeforeAsync(connection, rowsCutoffUtc, cancellationToken);
            if (await DeleteRowBatchAsync(connection, rowsCutoffUtc, cancellationToken) is var deleted && deleted == 0)
            {
                break;
            }

            rows += deleted;
            await Task.Delay(PauseBetweenBatches, cancellationToken);
        }

        // The seals of purged rows: those of a dropped month, and any a purge that stopped early left behind.
        await DeletePurgedSealsAsync(connection, cancellationToken);

        var sessions = 0L;
        while (await DeleteSessionBatchAsync(connection, cutoffUtc, cancellationToken) is var deleted && deleted > 0)
        {
            sessions += deleted;
            await Task.Delay(PauseBetweenBatches, cancellationToken);
        }

        if (rows > 0 || sessions > 0)
        {
            LogPurged(rows, sessions, cutoffUtc);
            await recorder.RecordAsync(new AuditEvent(LoginEventType.AuditLogPurged)
            {
                ErrorCode = string.Create(CultureInfo.InvariantCulture, $"before={rowsCutoffUtc:yyyy-MM-dd'T'HH:mm:ss'Z'};rows={rows};sessions={sessions}"),
            });
        }

        return new PurgeResult(cutoffUtc, rows, sessions, DryRun: false, rowsCutoffUtc);
    }

    private async Task<int> DeleteRowBatchAsync(DbConnection connection, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        await using var transaction = await SqlDialect.For(connection).BeginChainWriteAsync(connection, cancellationToken);
        var oldest = new List<(long Id, DateTime CreatedAt)>(BatchSize);
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT id, created_at FROM login_logs ORDER BY id LIMIT {BatchSize}";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                oldest.Add((reader.GetInt64(0), reader.GetDateTime(1)));
            }
        }

        // Up to the first row inside the window or not sealed yet.
        var seals = oldest.Count == 0 ? [] : await LoginLogSealRange.ReadAsync(connection, transaction, oldest[0].Id, oldest[^1].Id, cancellationToken);
        ChainMarks.Mark? last = null;
        var count = 0;
        foreach (var (id, createdAt) in oldest)
        {
            if (createdAt >= cutoffUtc || !seals.TryGetValue(id, out var seal))
            {
                break;
            }

            last = seal;
            count++;
        }

        if (last is null)
        {
            return 0;
        }

        await LoginLogRollups.SubtractAsync(connection, transaction, "login_logs", "id <= @last", [("@last", last.RowId)], cancellationToken);
        await PostgreSqlSearchIndex.ForgetUpToAsync(connection, transaction, last.RowId, cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM login_logs WHERE id <= @last";
            delete.AddParameter("@last", last.RowId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await ChainMarks.WriteAsync(connection, transaction, ChainMark.Anchor, last, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// Deletes the seals at or before the anchor, <see cref="BatchSize"/> at a time with pauses (a dropped month's are
    /// hundreds of thousands). The verifier reads seals beside their rows only, so until then they are dead weight, never
    /// a break; they are deleted by key range, which no writer of seals (always above the head) touches.
    /// </summary>
    private static async Task DeletePurgedSealsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        // A key range from the oldest seal, never "IN (SELECT … LIMIT)": PostgreSQL answered that with a hash semi join over
        // the whole seal table, 440 ms a batch at a million seals against 4 ms (docs/query-plans.md). A range may hold
        // fewer seals than a batch (ids a rollback skipped) but always the oldest one, until none is left at the anchor.
        delete.CommandText = $"""
            DELETE FROM {LoginLogSealConfiguration.TableName} WHERE login_log_id <= (
                SELECT CASE WHEN oldest.id + {BatchSize - 1} < anchor.row_id THEN oldest.id + {BatchSize - 1} ELSE anchor.row_id END
                FROM (SELECT min(login_log_id) AS id FROM {LoginLogSealConfiguration.TableName}) oldest, {ChainMarkConfiguration.TableName} anchor
                WHERE anchor.name = '{ChainMark.Anchor}')
            """;
        while (await delete.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            await Task.Delay(PauseBetweenBatches, cancellationToken);
        }
    }

    private static async Task<int> DeleteSessionBatchAsync(DbConnection connection, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM login_sessions WHERE session_id IN (SELECT session_id FROM login_sessions WHERE ended_at < @cutoff LIMIT {BatchSize})";
        delete.AddParameter("@cutoff", cutoffUtc);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The rows before the first one inside the window, in id order: what a purge would delete.</summary>
    private static async Task<long> CountOldRowsAsync(DbConnection connection, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        await using var count = connection.CreateCommand();
        count.CommandText = """
            SELECT COUNT(*) FROM login_logs
            WHERE id < COALESCE((SELECT id FROM login_logs WHERE created_at >= @cutoff ORDER BY id LIMIT 1), 9223372036854775807)
            """;
        count.AddParameter("@cutoff", cutoffUtc);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> CountOldSessionsAsync(DbConnection connection, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM login_sessions WHERE ended_at < @cutoff";
        count.AddParameter("@cutoff", cutoffUtc);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "Retention purge deleted {Rows} login_logs rows and {Sessions} ended sessions older than {CutoffUtc:o}.")]
    private partial void LogPurged(long rows, long sessions, DateTime cutoffUtc);
}
