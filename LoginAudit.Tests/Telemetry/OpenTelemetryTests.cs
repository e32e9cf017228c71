using System.Diagnostics;
using LoginAudit.Data.Integrity;
using LoginAudit.Data.Telemetry;
using LoginAudit.Tests.Infrastructure;
using LoginAudit.Web.Telemetry;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LoginAudit.Tests.Telemetry;

/// <summary>
/// The app's OpenTelemetry with an OTLP endpoint set (a closed port: nothing answers), read through the SDK's in-memory
/// exporter added beside OTLP: what a collector would receive.
/// </summary>
[Collection(ProcessWideMetersCollection.Name)]
public sealed class OpenTelemetryTests() : AppTest(settings =>
{
    settings[TelemetryServiceCollectionExtensions.EndpointKey] = "http://127.0.0.1:9";

    // A stream that cannot deliver, so that its lag is there to read.
    settings["LoginAudit:Streams:siem:Url"] = "http://127.0.0.1:9/ingest";
    settings["LoginAudit:Streams:siem:Secret"] = "stream-secret-0123456789";
    settings["LoginAudit:Streams:siem:StartAt"] = "AllRows";
})
{
    [Fact]
    public async Task Metrics_SignInsWithTheEndpointSet_ExportLoginAuditsInstrumentsAndIdentitysMeter()
    {
        var exported = new List<MetricSnapshot>();
        await using var host = App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported))));
        await SignInsAsync(host);
        await host.Services.GetRequiredService<ChainSealer>().SealAsync();
        await WaitForStreamLagAsync(host);

        // The OTLP exporter beside it fails (nothing listens), so the flush reports false; the in-memory one has the data.
        _ = host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var signIns = Points(exported, "loginaudit.sign_ins");
        Assert.Equal(1, SumWhere(signIns, ("loginaudit.outcome", "failure"), ("loginaudit.reason", "InvalidPassword")));
        Assert.Equal(1, SumWhere(signIns, ("loginaudit.outcome", "success"), ("loginaudit.event_type", "SignInSucceeded")));
        Assert.True(Points(exported, "loginaudit.audit.write.duration").Sum(point => point.GetHistogramCount()) >= 2);
        Assert.NotEmpty(Points(exported, "loginaudit.audit.writer.queue_depth"));
        Assert.True(Points(exported, "loginaudit.chain.rows_sealed").Sum(point => point.GetSumLong()) >= 2);
        Assert.Equal(2, GaugeWhere(Points(exported, "loginaudit.stream.lag"), ("loginaudit.stream", "siem")));
        Assert.Contains(exported, metric => metric.MeterName == "Microsoft.AspNetCore.Identity");
        Assert.Contains(exported, metric => metric.MeterName == "Microsoft.AspNetCore.Hosting");
    }

    [Fact]
    public async Task LogsAndTraces_SignIn_ExportTheLoginAuditEventAndTheRequestSpan()
    {
        var logs = new List<LogRecord>();
        var spans = new List<Activity>();
        await using var host = App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(logs));
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        }));
        await SignInsAsync(host);

        // The OTLP exporter beside it fails (nothing listens), so the flush reports false; the in-memory one has the data.
        _ = host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        // The OTLP exporter beside it fails (nothing listens), so the flush reports false; the in-memory one has the data.
        _ = host.Services.GetRequiredService<LoggerProvider>().ForceFlush();

        var auditEvents = logs.Where(record => record.EventId.Name == "LoginAuditEvent").ToList();
        Assert.Equal(2, auditEvents.Count);
        Assert.Contains(auditEvents, record => record.FormattedMessage!.Contains("SignInFailed", StringComparison.Ordinal));
        Assert.Contains(spans, span => span.Kind == ActivityKind.Server && span.DisplayName == "POST /Account/Login");
    }

    [Fact]
    public async Task Telemetry_WithoutTheEndpoint_RegistersNoOpenTelemetry()
    {
        await using var app = new LoginAuditAppFactory();

        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<LoginAuditMetrics>());
    }

    /// <summary>A wrong password, then the right one.</summary>
    private static async Task SignInsAsync(WebApplicationFactory<Program> host)
    {
        var browser = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, "Wrong-passw0rd!");
        await browser.SignInAsync(LoginAuditAppFactory.AdminEmail, LoginAuditAppFactory.AdminPassword);
    }

    /// <summary>Until a delivery of every row has failed (nothing listens): the lag is then the whole table.</summary>
    private async Task WaitForStreamLagAsync(WebApplicationFactory<Program> host)
    {
        var rows = await App.LoginLogsAsync();
        var wholeBatch = $"Stream siem could not deliver rows {rows[0].Id}-{rows[^1].Id}";
        var logs = host.Services.GetFakeLogCollector();
        var waited = Stopwatch.StartNew();
        while (!logs.GetSnapshot().Any(record => record.Message.StartsWith(wholeBatch, StringComparison.Ordinal)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the stream never tried to deliver every row");
            App.Clock.Advance(TimeSpan.FromSeconds(1));

            // Polls the app's log while the stream retries; not an assertion.
            await Task.Delay(50);
        }
    }

    private static List<MetricPoint> Points(List<MetricSnapshot> exported, string name)
    {
        var metrics = exported.Where(metric => metric.Name == name).ToList();
        Assert.True(metrics.Count > 0, $"{name} was not exported; exported: {string.Join(", ", exported.Select(metric => metric.Name).Distinct())}");
        return [.. metrics.SelectMany(metric => metric.MetricPoints)];
    }

    private static long SumWhere(List<MetricPoint> points, params (string Key, string Value)[] tags) =>
        points.Where(point => HasTags(point, tags)).Sum(point => point.GetSumLong());

    private static long GaugeWhere(List<MetricPoint> points, params (string Key, string Value)[] tags) =>
        points.Where(point => HasTags(point, tags)).Max(point => point.GetGaugeLastValueLong());

    private static bool HasTags(MetricPoint point, (string Key, string Value)[] tags) =>
        tags.All(tag => Tags(point).TryGetValue(tag.Key, out var value) && value == tag.Value);

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value?.ToString();
        }

        return tags;
    }
}
