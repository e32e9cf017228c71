using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LoginAudit.Data.Alerts;
using LoginAudit.Data.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Tests.Infrastructure;

/// <summary>One request a stream made, as the receiver saw it.</summary>
/// <param name="Acknowledged">The receiver answered 2xx (a held request cut off by a killed app was received, not acknowledged).</param>
public sealed record ReceivedBatch(string Stream, string BatchId, bool SignatureValid, IReadOnlyList<JsonElement> Events, JsonElement Checkpoint, bool Acknowledged)
{
    /// <summary>The <c>login_logs</c> ids of the events, whatever the format (jsonl id, OCSF metadata.uid, ECS event.id).</summary>
    public IEnumerable<long> RowIds => Events.Select(StreamReceiver.RowId);
}

/// <summary>
/// A SIEM's collector on a real loopback port (Kestrel): records every batch, checks its signature with the shared
/// secret, and can answer with an error, or hold requests unanswered, for as long as a test says.
/// </summary>
public sealed class StreamReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<ReceivedBatch> batches = [];
    private readonly string secret;
    private HttpStatusCode? failWith;
    private TaskCompletionSource? hold;

    private StreamReceiver(WebApplication app, string secret)
    {
        this.app = app;
        this.secret = secret;
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedBatch> Batches
    {
        get
        {
            lock (batches)
            {
                return [.. batches];
            }
        }
    }

    /// <summary>Ids of the rows in acknowledged batches, in the order they arrived (repeats included).</summary>
    public IReadOnlyList<long> AcknowledgedRowIds => Batches.Where(batch => batch.Acknowledged).SelectMany(batch => batch.RowIds).ToList();

    /// <summary>Listens on <paramref name="port"/> of 127.0.0.1 (0: any free one); streams post to <see cref="Url"/>.</summary>
    public static async Task<StreamReceiver> StartAsync(string secret, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new StreamReceiver(app, secret);
        app.MapPost("/ingest", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Url = UrlAt(new Uri(app.Urls.Single()).Port);
        return receiver;
    }

    /// <summary>The receiver's URL on a port; its query holds a token, as some collectors' do, which must never be logged.</summary>
    public static Uri UrlAt(int port) => new($"http://127.0.0.1:{port}/ingest?token={UrlToken}");

    public const string UrlToken = "receiver-token-in-url";

    /// <summary>Answers every request with <paramref name="status"/> until called with null.</summary>
    public void FailWith(HttpStatusCode? status) => failWith = status;

    /// <summary>Keeps requests waiting, unanswered, until <see cref="Release"/>.</summary>
    public void Hold() => hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => hold?.TrySetResult();

    /// <summary>Polls until <paramref name="condition"/> holds, moving <paramref name="clock"/> a second each time (for the app's timers).</summary>
    public async Task WaitUntilAsync(Func<StreamReceiver, bool> condition, TimeSpan timeout, Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null, Func<string>? explain = null)
    {
        var waited = Stopwatch.StartNew();
        while (!condition(this))
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"The receiver did not get what the test waits for within {timeout}: {Batches.Count} batches.\n{explain?.Invoke()}");
            }

            clock?.Advance(TimeSpan.FromSeconds(1));

            // Polls the receiver while the app delivers; not an assertion.
            await Task.Delay(50);
        }
    }

    public static long RowId(JsonElement element) =>
        element.TryGetProperty("metadata", out var metadata) ? long.Parse(metadata.GetProperty("uid").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : element.TryGetProperty("event", out var ecs) ? long.Parse(ecs.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : element.GetProperty("id").GetInt64();

    public async ValueTask DisposeAsync()
    {
        Release();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var lines = System.Text.Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        var held = hold is { Task.IsCompleted: false };
        var status = failWith;
        lock (batches)
        {
            batches.Add(new ReceivedBatch(
                context.Request.Headers[StreamBatch.StreamHeader].ToString(),
                context.Request.Headers[StreamBatch.BatchHeader].ToString(),
                WebhookSignature.Verify(secret, body, context.Request.Headers[WebhookSignature.HeaderName]),
                lines[..^1],
                lines[^1].GetProperty(StreamBatch.CheckpointProperty),
                Acknowledged: !held && status is null));
        }

        if (held)
        {
            await hold!.Task;
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)(status ?? HttpStatusCode.NoContent);
    }
}
