using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using LoginAudit.Data.Auditing;
using LoginAudit.Data.Detection;
using LoginAudit.Data.Live;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoginAudit.Data.Alerts;

/// <summary>
/// Tells a user (e-mail) and the operator (webhook) about new-device and new-location sign-ins. It listens to
/// the live event feed and works from a queue in the background: a sign-in never waits for, or fails
/// because of, an alert. Each channel is retried with doubling delays; what still fails is logged.
/// </summary>
public sealed partial class SignInAlertDispatcher(
    LoginEventFeed feed,
    IDbContextFactory<LoginAuditDbContext> contexts,
    IEmailSender emailSender,
    IHttpClientFactory httpClients,
    AlertRateLimiter rateLimiter,
    IOptions<LoginAuditOptions> options,
    TimeProvider clock,
    ILogger<SignInAlertDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "LoginAudit.Alerts";

    /// <summary>What a user is told about; brute force, spraying and bots are the operator's business.</summary>
    public const SuspicionReasons Alertable =
        SuspicionReasons.NewDevice | SuspicionReasons.NewCountry | SuspicionReasons.NewCity | SuspicionReasons.ImpossibleTravel;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Bounded, dropping the oldest: under an attack the newest alerts matter, and the writer never waits.
    private readonly Channel<long> queue = Channel.CreateBounded<long>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = feed.Subscribe(notice =>
        {
            // Another instance's row is that instance's to alert about.
            if (notice is { WrittenHere: true, Suspicious: true, EventType: LoginEventType.SignInSucceeded, UserId: not null })
            {
                queue.Writer.TryWrite(notice.Id);
            }

            return Task.CompletedTask;
        });

        await foreach (var loginLogId in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await AlertAsync(loginLogId, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogAlertFailed(exception, loginLogId);
            }
        }
    }

    private async Task AlertAsync(long loginLogId, CancellationToken cancellationToken)
    {
        SignInAlert? alert;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            alert = await db.LoginLogs.AsNoTracking()
                .Where(log => log.Id == loginLogId && log.UserId != null)
                .Join(db.Users, log => log.UserId, user => user.Id, (log, user) => new SignInAlert(
                    log.Id, log.UserId!, user.Email, log.CreatedAt, log.SuspiciousReasons, log.IpAddress, log.Location, log.Browser, log.Os, log.DeviceType.ToString()))
                .SingleOrDefaultAsync(cancellationToken);
        }

        var reasons = SuspicionReasonList.Parse(alert?.Reasons) & Alertable;
        if (alert is null || reasons == SuspicionReasons.None)
        {
            return;
        }

        var settings = options.Value.Alerts;
        if (!rateLimiter.TryAcquire(alert.UserId, settings.MaxPerUserPerHour))
        {
            LogRateLimited(alert.UserId, loginLogId);
            return;
        }

        alert = alert with { Reasons = SuspicionReasonList.Format(reasons) };
        if (alert.Email is not null && PickupDirectoryEmailSender.Directory(settings) is not null)
        {
            await WithRetriesAsync("e-mail", loginLogId, () => emailSender.SendEmailAsync(alert.Email, "New sign-in to your account", EmailBody(alert)), cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(settings.WebhookUrl))
        {
            await WithRetriesAsync("webhook", loginLogId, () => PostWebhookAsync(settings, alert, cancellationToken), cancellationToken);
        }
    }

    private async Task PostWebhookAsync(AlertSettings settings, SignInAlert alert, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "suspicious_sign_in",
            loginLogId = alert.LoginLogId,
            userId = alert.UserId,
            occurredAt = alert.CreatedAt,
            reasons = alert.Reasons!.Split(','),
            ipAddress = alert.IpAddress,
            location = alert.Location,
            browser = alert.Browser,
            os = alert.Os,
            deviceType = alert.DeviceType,
        }, Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(settings.WebhookSecret!, body));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task WithRetriesAsync(string channel, long loginLogId, Func<Task> send, CancellationToken cancellationToken)
    {
        var settings = options.Value.Alerts;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await send();
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && attempt < settings.MaxAttempts)
            {
                var delay = settings.RetryBaseDelay * Math.Pow(2, attempt - 1);
                LogRetrying(exception, channel, loginLogId, attempt, delay);
                await Task.Delay(delay, clock, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogGaveUp(exception, channel, loginLogId, attempt);
                return;
            }
        }
    }

    private static string EmailBody(SignInAlert alert)
    {
        static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
        return $"""
            <p>Your account was just signed in to from {Encode(Describe(alert))}.</p>
            <p>Why we are telling you: {Encode(string.Join(", ", alert.Reasons!.Split(',').Select(ReasonText)))}.</p>
            <p>If this was you, there is nothing to do. If it was not, open "My sign-ins" in LoginAudit, sign out all
            your other sessions, and change your password.</p>
            """;
    }

    internal static string Describe(SignInAlert alert) =>
        $"{alert.Browser ?? "an unknown browser"} on {alert.Os ?? "an unknown system"}, {alert.Location ?? alert.IpAddress ?? "an unknown place"}";

    public static string ReasonText(string reason) => reason switch
    {
        nameof(SuspicionReasons.NewDevice) => "a device not used recently",
        nameof(SuspicionReasons.NewCountry) => "a country not seen recently",
        nameof(SuspicionReasons.NewCity) => "a city not seen recently",
        nameof(SuspicionReasons.ImpossibleTravel) => "too far from your previous sign-in for the time between them",
        _ => reason,
    };

    [LoggerMessage(EventId = 4140, Level = LogLevel.Information, Message = "Alert for user {UserId} about sign-in {LoginLogId} not sent: the hourly alert limit is reached.")]
    private partial void LogRateLimited(string userId, long loginLogId);

    [LoggerMessage(EventId = 4141, Level = LogLevel.Warning, Message = "Alert {Channel} for sign-in {LoginLogId} failed (attempt {Attempt}); retrying in {Delay}.")]
    private partial void LogRetrying(Exception exception, string channel, long loginLogId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4142, Level = LogLevel.Error, Message = "Alert {Channel} for sign-in {LoginLogId} failed {Attempt} times; giving up.")]
    private partial void LogGaveUp(Exception exception, string channel, long loginLogId, int attempt);

    [LoggerMessage(EventId = 4143, Level = LogLevel.Error, Message = "Alert for sign-in {LoginLogId} could not be prepared.")]
    private partial void LogAlertFailed(Exception exception, long loginLogId);
}

internal sealed record SignInAlert(
    long LoginLogId, string UserId, string? Email, DateTime CreatedAt, string? Reasons, string? IpAddress, string? Location, string? Browser, string? Os, string DeviceType);
