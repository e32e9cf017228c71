using System.Net;
using System.Text.Json;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Streams;
using LoginAudit.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Streams;

/// <summary>The app's push streams against a real HTTP receiver on loopback: real sign-ins write the rows.</summary>
public sealed class StreamDeliveryTests : AppTest
{
    private const string Secret = "stream-secret-0123456789";
    private const string HeaderSecret = "Bearer header-secret-4711";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly int port;
    private StreamReceiver receiver = null!;

    public StreamDeliveryTests()
        : this(LocalServer.FreeLoopbackPort())
    {
    }

    private StreamDeliveryTests(int port)
        : base(settings => Configure(settings, port)) => this.port = port;

    public override async Task InitializeAsync() => receiver = await StreamReceiver.StartAsync(Secret, port);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Streams_SignInsWritten_ArriveInEachStreamsFormatSignedWithTheirCheckpointRecordLast()
    {
        await SignInsAsync();
        var ids = await RowIdsAsync();

        await receiver.WaitUntilAsync(_ => Delivered("siem").SequenceEqual(ids) && Delivered("elastic").SequenceEqual(ids), Patience, App.Clock);

        Assert.True(ids.Count >= 3);
        Assert.All(receiver.Batches, batch => Assert.True(batch.SignatureValid, $"batch {batch.BatchId} of {batch.Stream} is not signed with the secret"));
        Assert.All(BatchesOf("siem").SelectMany(batch => batch.Events), line => Assert.Equal(3002, line.GetProperty("class_uid").GetInt32()));
        Assert.All(BatchesOf("elastic").SelectMany(batch => batch.Events), line => Assert.Equal("9.4.0", line.GetProperty("ecs").GetProperty("version").GetString()));
        Assert.All(receiver.Batches, batch =>
        {
            Assert.Equal(batch.Stream, batch.Checkpoint.GetProperty("stream").GetString());
            Assert.Equal(batch.RowIds.First(), batch.Checkpoint.GetProperty("rows").GetProperty("first_id").GetInt64());
            Assert.Equal(batch.RowIds.Last(), batch.Checkpoint.GetProperty("rows").GetProperty("last_id").GetInt64());
            Assert.Equal($"{batch.RowIds.First()}-{batch.RowIds.Last()}", batch.BatchId);
            Assert.True(batch.Events.Count <= 2, "BatchSize is 2");
        });
    }

    [Fact]
    public async Task Stream_BatchAfterSealing_CarriesAChainHeadThatVerifyExpectHeadAccepts()
    {
        await SignInsAsync();
        await receiver.WaitUntilAsync(_ => Delivered("siem").Count >= 3, Patience, App.Clock);
        await App.Services.GetRequiredService<ChainSealer>().SealAsync();

        await App.CreateBrowser().SignInAsync("later@example.com", "Wrong-passw0rd!");
        await receiver.WaitUntilAsync(_ => BatchesOf("siem").Any(batch => batch.Checkpoint.GetProperty("chain_head").ValueKind == JsonValueKind.Object), Patience, App.Clock);

        var checkpoint = BatchesOf("siem").Last(batch => batch.Checkpoint.GetProperty("chain_head").ValueKind == JsonValueKind.Object).Checkpoint.GetProperty("chain_head");
        Assert.True(ChainHead.TryParse(checkpoint.GetProperty("expect_head").GetString(), out var head, out var problem), problem);
        Assert.Equal(head.Seq, checkpoint.GetProperty("seq").GetInt64());
        Assert.Equal(ChainCanonicalForm.Version, checkpoint.GetProperty("canonical_form").GetString());
        var (chain, expected) = await App.Services.GetRequiredService<ExpectedHeadCheck>().CheckAsync(head);
        Assert.True(chain.Intact, chain.Description);
        Assert.True(expected!.Holds, expected.Description);
    }

    [Fact]
    public async Task Stream_ReceiverFailingForAWhile_IsShownFailingThenDeliversEveryRowExactlyOnce()
    {
        receiver.FailWith(HttpStatusCode.ServiceUnavailable);
        await SignInsAsync();
        await receiver.WaitUntilAsync(_ => BatchesOf("siem").Count(batch => !batch.Acknowledged) >= 3, Patience, App.Clock);

        var failing = (await App.Services.GetRequiredService<StreamStatusService>().ListAsync()).Single(stream => stream.Name == "siem");
        Assert.True(failing.Failing);
        Assert.Equal("HTTP 503 Service Unavailable", failing.LastError);
        Assert.Equal($"http://127.0.0.1:{port}", failing.Destination);

        receiver.FailWith(null);
        var ids = await RowIdsAsync();
        await receiver.WaitUntilAsync(_ => Delivered("siem").SequenceEqual(ids), Patience, App.Clock);

        // The checkpoint moves after the receiver's acknowledgement, so the status is read once it has caught up.
        var status = App.Services.GetRequiredService<StreamStatusService>();
        await Eventually.HoldsAsync(
            async () => (await status.ListAsync()).Single(stream => stream.Name == "siem").LastRowId == ids[^1],
            Patience,
            () => "the stream's checkpoint never reached its last delivered row");
        var recovered = (await status.ListAsync()).Single(stream => stream.Name == "siem");
        Assert.False(recovered.Failing);
        Assert.Equal(ids[^1], recovered.LastRowId);
        Assert.Equal(ids.Count, recovered.RowsSent);
        Assert.Equal(0, recovered.RowsBehind);
        Assert.Equal(ids, receiver.Batches.Where(batch => batch.Stream == "siem" && batch.Acknowledged).SelectMany(batch => batch.RowIds));
    }

    [Fact]
    public async Task Stream_FailingDeliveries_NeverLogTheUrlTheSecretOrAHeader()
    {
        receiver.FailWith(HttpStatusCode.InternalServerError);
        await SignInsAsync();
        await receiver.WaitUntilAsync(_ => BatchesOf("siem").Count >= 3, Patience, App.Clock);

        var logs = string.Join("\n", App.Logs.GetSnapshot().Select(record => record.Message + " " + record.Exception));
        Assert.Contains("Stream siem could not deliver rows", logs);
        Assert.DoesNotContain(StreamReceiver.UrlToken, logs);
        Assert.DoesNotContain(Secret, logs);
        Assert.DoesNotContain("header-secret-4711", logs);
    }

    private static void Configure(Dictionary<string, string?> settings, int port)
    {
        foreach (var (name, format) in new[] { ("siem", "ocsf"), ("elastic", "ecs") })
        {
            var key = $"LoginAudit:Streams:{name}";
            settings[$"{key}:Url"] = StreamReceiver.UrlAt(port).ToString();
            settings[$"{key}:Format"] = format;
            settings[$"{key}:Secret"] = Secret;
            settings[$"{key}:Headers:Authorization"] = HeaderSecret;
            settings[$"{key}:StartAt"] = "AllRows";
            settings[$"{key}:BatchSize"] = "2";
            settings[$"{key}:RetryBaseDelay"] = "00:00:01";
            settings[$"{key}:MaxRetryDelay"] = "00:00:02";
        }
    }

    /// <summary>Two failed sign-ins and the admin's own.</summary>
    private async Task SignInsAsync()
    {
        var browser = App.CreateBrowser();
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, "Wrong-passw0rd!");
        await browser.SignInAsync("nobody@example.com", "Wrong-passw0rd!");
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);
    }

    private async Task<List<long>> RowIdsAsync() => (await App.LoginLogsAsync()).Select(log => log.Id).ToList();

    private List<ReceivedBatch> BatchesOf(string stream) => receiver.Batches.Where(batch => batch.Stream == stream).ToList();

    private List<long> Delivered(string stream) => BatchesOf(stream).Where(batch => batch.Acknowledged).SelectMany(batch => batch.RowIds).ToList();
}
