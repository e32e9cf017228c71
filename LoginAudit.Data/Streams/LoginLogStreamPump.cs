using System.Diagnostics;
using System.Net.Http.Headers;
using System.Threading.Channels;
using LoginAudit.Data.Alerts;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Coordination;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Live;
using LoginAudit.Data.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Streams;

/// <summary>
/// Sends every new <c>login_logs</c> row to each configured stream (README, "Push streams"): one loop a stream, reading
/// the rows after its checkpoint in id order, posting them as one signed JSON-lines batch, and moving the checkpoint in
/// the database only once the receiver answered 2xx.
/// </summary>
/// <remarks>
/// <para>
/// Delivery is at least once, and exactly once across clean restarts: a batch in flight when the host stops is allowed
/// to finish (within its <see cref="StreamSettings.Timeout"/>) and its checkpoint written; only a killed process can
/// send a batch again, with the same <see cref="StreamBatch.BatchHeader"/> and row ids, for the receiver to drop.
/// Ids grow in commit order on SQLite (one writer at a time), so a row committed later never lands behind a checkpoint.
/// PostgreSQL hands ids out at insert, so a row with a smaller id may commit after a larger one: there the pump sends
/// sealed rows only, which the sealer keeps a gap-free prefix in id order (it seals up to the largest settled id).
/// </para>
/// <para>
/// Several app instances: each stream is a singleton duty (<see cref="SingletonDuties.Stream"/>), so one instance at a
/// time sends it and another takes over when that one dies; the checkpoint also only moves forward from the value the
/// batch was read after (a compare-and-set), so even a pump that lost its lock mid-batch never moves it back.
/// </para>
/// </remarks>
public sealed partial class LoginLogStreamPump(
    IDbContextFactory<LoginAuditDbContext> contexts,
    IOptions<StreamOptions> options,
    IHttpClientFactory httpClients,
    LoginEventFeed feed,
    SingletonDuties duties,
    LoginAuditMetrics metrics,
    TimeProvider clock,
    ILogger<LoginLogStreamPump> logger) : BackgroundService
{
    public const string HttpClientName = "LoginAudit.Streams";

    public enum PassResult
    {
        /// <summary>Nothing after the checkpoint.</summary>
        Idle,

        /// <summary>A batch was delivered and more rows wait.</summary>
        MoreWaiting,

        /// <summary>A batch was delivered; it was the last one for now.</summary>
        CaughtUp,

        Failed,
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Streams.Where(stream => stream.Value.Enabled).Select(stream => RunAsync(stream.Key, stream.Value, stoppingToken)));

    private async Task RunAsync(string name, StreamSettings stream, CancellationToken stoppingToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var subscription = feed.Subscribe(_ =>
        {
            wake.Writer.TryWrite(true);
            return Task.CompletedTask;
        });

        await using var duty = duties.For(SingletonDuties.Stream(name));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            PassResult result;
            try
            {
                result = await duty.IsMineAsync(stoppingToken) ? await PumpOnceAsync(name, stream) : PassResult.Idle;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database was busy or gone: nothing was sent, the checkpoint stands.
                LogPassFailed(exception, name);
                result = PassResult.Failed;
            }

            try
            {
                switch (result)
                {
                    case PassResult.Failed:
                        var delay = RetryDelay(stream, ++failures);
                        LogRetrying(name, failures, delay);
                        await Task.Delay(delay, clock, stoppingToken);
                        break;
                    case PassResult.MoreWaiting:
                        failures = 0;
                        break;
                    default:
                        failures = 0;
                        await WaitForRowsAsync(wake.Reader, stream.PollInterval, stoppingToken);
                        break;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Doubling from <see cref="StreamSettings.RetryBaseDelay"/>, at most <see cref="StreamSettings.MaxRetryDelay"/>.</summary>
    public static TimeSpan RetryDelay(StreamSettings stream, int failures) =>
        TimeSpan.FromTicks((long)Math.Min(stream.MaxRetryDelay.Ticks, stream.RetryBaseDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30))));

    /// <summary>
    /// One batch: the rows after the checkpoint, sent and acknowledged, then the checkpoint moved. Runs to its end once
    /// begun (no cancellation but the delivery's own timeout), so a clean stop never leaves a delivered batch unrecorded.
    /// </summary>
    public async Task<PassResult> PumpOnceAsync(string name, StreamSettings stream)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var checkpoint = await CheckpointAsync(db, name, stream);
        var head = await ChainHead.ReadCurrentAsync(db);
        var after = db.LoginLogs.AsNoTracking().Where(log => log.Id > checkpoint.LastRowId);
        if (db.Database.IsNpgsql())
        {
            // Sealed rows only: those up to the head (seals are written in id order with it), read before the rows.
            var sealedUpTo = head?.RowId ?? 0;
            after = after.Where(log => log.Id <= sealedUpTo);
        }

        var rows = await after
            .OrderBy(log => log.Id)
            .Take(stream.BatchSize)
            .ToListAsync();
        await rows.AttachSealsAsync(db);
        if (rows.Count == 0)
        {
            metrics.StreamLag(name, 0);
            return PassResult.Idle;
        }

        var sentAt = clock.GetUtcNow().UtcDateTime;
        var body = StreamBatch.Write(name, stream.Format, rows, head, sentAt);
        var failure = await SendAsync(name, stream, rows, body);
        var now = clock.GetUtcNow().UtcDateTime;
        if (failure is not null)
        {
            await db.Set<StreamCheckpoint>().Where(row => row.Name == name).ExecuteUpdateAsync(update => update
                .SetProperty(row => row.FailingSince, row => row.FailingSince ?? now)
                .SetProperty(row => row.LastError, failure)
                .SetProperty(row => row.UpdatedAt, now));
            await UpdateLagAsync(db, name, checkpoint.LastRowId);
            LogDeliveryFailed(name, StreamBatch.BatchId(rows), failure);
            return PassResult.Failed;
        }

        var lastId = rows[^1].Id;
        var moved = await db.Set<StreamCheckpoint>()
            .Where(row => row.Name == name && row.LastRowId == checkpoint.LastRowId)
            .ExecuteUpdateAsync(update => update
                .SetProperty(row => row.LastRowId, lastId)
                .SetProperty(row => row.RowsSent, row => row.RowsSent + rows.Count)
                .SetProperty(row => row.LastSentAt, now)
                .SetProperty(row => row.FailingSince, (DateTime?)null)
                .SetProperty(row => row.LastError, (string?)null)
                .SetProperty(row => row.UpdatedAt, now));
        if (moved == 0)
        {
            LogCheckpointMovedElsewhere(name, checkpoint.LastRowId);
        }

        metrics.StreamDelivered(name, rows.Count);
        await UpdateLagAsync(db, name, lastId);
        return rows.Count == stream.BatchSize ? PassResult.MoreWaiting : PassResult.CaughtUp;
    }

    private async Task<StreamCheckpoint> CheckpointAsync(LoginAuditDbContext db, string name, StreamSettings stream)
    {
        if (await db.Set<StreamCheckpoint>().AsNoTracking().SingleOrDefaultAsync(row => row.Name == name) is { } existing)
        {
            return existing;
        }

        var checkpoint = new StreamCheckpoint
        {
            Name = name,
            LastRowId = stream.StartAt == StreamStart.AllRows ? 0 : await db.LoginLogs.MaxAsync(log => (long?)log.Id) ?? 0,
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(checkpoint);
        try
        {
            await db.SaveChangesAsync();
            LogStarted(name, checkpoint.LastRowId);
            return checkpoint;
        }
        catch (DbUpdateException)
        {
            // Another instance created it first: continue from its checkpoint.
            db.ChangeTracker.Clear();
            return await db.Set<StreamCheckpoint>().AsNoTracking().SingleAsync(row => row.Name == name);
        }
    }

    /// <returns>Null when the receiver acknowledged the batch, else what went wrong in a few words.</returns>
    private async Task<string?> SendAsync(string name, StreamSettings stream, IReadOnlyList<LoginLog> rows, byte[] body)
    {
        using var activity = LoginAuditMetrics.ActivitySource.StartActivity("loginaudit.stream.send", ActivityKind.Producer);
        activity?.SetTag("loginaudit.stream", name);
        activity?.SetTag("loginaudit.stream.rows", rows.Count);
        using var request = new HttpRequestMessage(HttpMethod.Post, stream.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(StreamBatch.ContentType);
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(stream.Secret!, body));
        request.Headers.Add(StreamBatch.StreamHeader, name);
        request.Headers.Add(StreamBatch.BatchHeader, StreamBatch.BatchId(rows));
        foreach (var (header, value) in stream.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var timeout = new CancellationTokenSource(stream.Timeout, clock);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            activity?.SetStatus(ActivityStatusCode.Error);
            return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            var error = exception is OperationCanceledException ? $"No answer within {stream.Timeout}" : $"{exception.GetType().Name}: {exception.Message}";
            return error.Length <= StreamCheckpointConfiguration.MaxErrorLength ? error : error[..StreamCheckpointConfiguration.MaxErrorLength];
        }
    }

    private async Task UpdateLagAsync(LoginAuditDbContext db, string name, long lastId) =>
        metrics.StreamLag(name, await db.LoginLogs.CountAsync(log => log.Id > lastId));

    private async Task WaitForRowsAsync(ChannelReader<bool> wake, TimeSpan pollInterval, CancellationToken stoppingToken)
    {
        using var poll = new CancellationTokenSource(pollInterval, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, poll.Token);
        try
        {
            await wake.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The poll interval passed: look for rows another process wrote.
        }
    }

    [LoggerMessage(EventId = 4160, Level = LogLevel.Information, Message = "Stream {Stream} starts after login_logs id {LastRowId}.")]
    private partial void LogStarted(string stream, long lastRowId);

    [LoggerMessage(EventId = 4161, Level = LogLevel.Warning, Message = "Stream {Stream} could not deliver rows {Batch}: {Error}.")]
    private partial void LogDeliveryFailed(string stream, string batch, string error);

    [LoggerMessage(EventId = 4162, Level = LogLevel.Information, Message = "Stream {Stream} retries (failure {Failures}) in {Delay}.")]
    private partial void LogRetrying(string stream, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 4163, Level = LogLevel.Warning, Message = "Stream {Stream} could not read its rows or checkpoint; it tries again.")]
    private partial void LogPassFailed(Exception exception, string stream);

    [LoggerMessage(EventId = 4164, Level = LogLevel.Warning, Message = "Stream {Stream}'s checkpoint moved past {LastRowId} elsewhere (another instance): it continues from there.")]
    private partial void LogCheckpointMovedElsewhere(string stream, long lastRowId);
}
