using System.Text.RegularExpressions;
using LoginAudit.Data.Export;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Streams;

/// <summary><c>LoginAudit:Streams</c>: push streams by name (README, "Push streams"). None by default.</summary>
public sealed class StreamOptions
{
    public const string SectionName = "LoginAudit:Streams";

    /// <summary>Bound from <c>LoginAudit:Streams:&lt;name&gt;:…</c>; the name keys the stream's checkpoint in the database.</summary>
    public Dictionary<string, StreamSettings> Streams { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Where a stream starts the first time it runs (later it continues from its checkpoint).</summary>
public enum StreamStart
{
    /// <summary>With the rows written from then on: history is what <c>export</c> is for.</summary>
    NewRows,

    /// <summary>With the oldest row kept: the whole history is sent first.</summary>
    AllRows,
}

/// <summary>One push stream: every new <c>login_logs</c> row, as JSON lines in batches, to an HTTP endpoint.</summary>
public sealed class StreamSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>The receiver (POST); http or https. Never logged: it may hold a token.</summary>
    public string? Url { get; set; }

    /// <summary>ocsf, ecs or jsonl.</summary>
    public ExportFormat Format { get; set; } = ExportFormat.Ocsf;

    /// <summary>Key of the HMAC-SHA256 signature in <c>X-LoginAudit-Signature</c>, as the alert webhook signs; at least 16 characters.</summary>
    public string? Secret { get; set; }

    /// <summary>More request headers, for example <c>Authorization</c> for a SIEM's collector. Values are secrets: never logged or shown.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public StreamStart StartAt { get; set; } = StreamStart.NewRows;

    /// <summary>Rows per request at most.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How often the stream looks for rows written by another process (its own process's rows wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first retry's delay after a failed delivery; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one delivery may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Scheme, host and port, for the status page: the user info, path and query of the URL may hold a token.</summary>
    public string Destination => Uri.TryCreate(Url, UriKind.Absolute, out var url) ? url.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : "";
}

/// <summary>Checked at start: a wrong stream setting stops the app with a sentence naming the key.</summary>
internal sealed partial class StreamOptionsValidator : IValidateOptions<StreamOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamOptions options)
    {
        var failures = options.Streams.SelectMany(stream => Validate(stream.Key, stream.Value)).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static IEnumerable<string> Validate(string name, StreamSettings stream)
    {
        var key = $"{StreamOptions.SectionName}:{name}";
        if (!StreamName().IsMatch(name))
        {
            yield return $"{key}: a stream's name is 1 to 64 letters, digits, '-' or '_' (it keys the stream's checkpoint).";
        }

        if (!Uri.TryCreate(stream.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"{key}:Url must be an absolute http or https URL.";
        }

        if (stream.Format == ExportFormat.Csv || !Enum.IsDefined(stream.Format))
        {
            yield return $"{key}:Format must be ocsf, ecs or jsonl.";
        }

        if (string.IsNullOrEmpty(stream.Secret) || stream.Secret.Length < 16)
        {
            yield return $"{key}:Secret must be set, at least 16 characters: it signs every batch (X-LoginAudit-Signature).";
        }

        foreach (var header in stream.Headers.Keys.Where(header => header.Length == 0 || header.Any(c => c <= ' ' || c >= 127 || c == ':')))
        {
            yield return $"{key}:Headers has '{header}', which is not an HTTP header name.";
        }

        if (stream.BatchSize is < 1 or > 10_000)
        {
            yield return $"{key}:BatchSize must be between 1 and 10000 (it was {stream.BatchSize}).";
        }

        if (stream.PollInterval < TimeSpan.FromMilliseconds(100) || stream.PollInterval > TimeSpan.FromHours(1))
        {
            yield return $"{key}:PollInterval must be between 00:00:00.1 and 01:00:00, for example 00:00:05.";
        }

        if (stream.RetryBaseDelay < TimeSpan.FromMilliseconds(10) || stream.MaxRetryDelay < stream.RetryBaseDelay || stream.MaxRetryDelay > TimeSpan.FromHours(1))
        {
            yield return $"{key}:RetryBaseDelay must be at least 00:00:00.01, and MaxRetryDelay at least RetryBaseDelay and at most 01:00:00.";
        }

        if (stream.Timeout < TimeSpan.FromSeconds(1) || stream.Timeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{key}:Timeout must be between 00:00:01 and 00:10:00.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex StreamName();
}
