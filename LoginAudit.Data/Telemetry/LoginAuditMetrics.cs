using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Export;

namespace LoginAudit.Data.Telemetry;

/// <summary>
/// LoginAudit's own instruments on the <see cref="MeterName"/> meter, and its <see cref="ActivitySource"/> (README,
/// "OpenTelemetry"). Without an exporter they cost a few branches: nothing listens.
/// </summary>
public sealed class LoginAuditMetrics
{
    public const string MeterName = "LoginAudit";

    public static readonly ActivitySource ActivitySource = new(MeterName, ProductVersion.Version);

    private readonly Counter<long> signIns;
    private readonly Histogram<double> auditWriteDuration;
    private readonly Counter<long> rowsSealed;
    private readonly Counter<long> streamRowsSent;
    private readonly ConcurrentDictionary<string, long> streamLag = new(StringComparer.Ordinal);
    private Func<int> writerQueueDepth = () => 0;

    public LoginAuditMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName, ProductVersion.Version);
        signIns = meter.CreateCounter<long>("loginaudit.sign_ins", "{attempt}", "Sign-in attempts by event type, outcome (success, failure) and failure reason.");
        auditWriteDuration = meter.CreateHistogram<double>(
            "loginaudit.audit.write.duration", "s", "From queueing an audit write to its commit, as the sign-in waits for it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        meter.CreateObservableGauge("loginaudit.audit.writer.queue_depth", () => writerQueueDepth(), "{write}", "Audit writes waiting for the next group commit.");
        rowsSealed = meter.CreateCounter<long>("loginaudit.chain.rows_sealed", "{row}", "Rows sealed into the hash chain.");
        streamRowsSent = meter.CreateCounter<long>("loginaudit.stream.rows_sent", "{row}", "Rows a push stream delivered (acknowledged by the receiver).");
        meter.CreateObservableGauge(
            "loginaudit.stream.lag", () => streamLag.Select(entry => new Measurement<long>(entry.Value, new KeyValuePair<string, object?>("loginaudit.stream", entry.Key))),
            "{row}", "Rows written but not yet delivered, per push stream.");
    }

    /// <summary>Counts sign-in attempts (not sign-outs, session ends or passkey changes).</summary>
    public void Recorded(LoginLog row)
    {
        if (!signIns.Enabled || row.EventType is not (LoginEventType.SignInSucceeded or LoginEventType.SignInFailed or LoginEventType.LockedOut
                or LoginEventType.RateLimited or LoginEventType.TwoFactorRequired))
        {
            return;
        }

        signIns.Add(
            1,
            new KeyValuePair<string, object?>("loginaudit.event_type", row.EventType.ToString()),
            new KeyValuePair<string, object?>("loginaudit.outcome", row.Succeeded ? "success" : "failure"),
            new KeyValuePair<string, object?>("loginaudit.reason", row.FailureReason?.ToString() ?? "none"));
    }

    public void AuditWriteCompleted(long startedTimestamp, bool committed) =>
        auditWriteDuration.Record(
            Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("loginaudit.committed", committed));

    public void Sealed(int rows)
    {
        if (rows > 0)
        {
            rowsSealed.Add(rows);
        }
    }

    public void StreamDelivered(string stream, int rows) =>
        streamRowsSent.Add(rows, new KeyValuePair<string, object?>("loginaudit.stream", stream));

    public void StreamLag(string stream, long rows) => streamLag[stream] = rows;

    internal void ObserveWriterQueue(Func<int> depth) => writerQueueDepth = depth;
}
