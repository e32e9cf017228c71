using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LoginAudit.Data.Alerts;
using LoginAudit.Tests.Infrastructure;

namespace LoginAudit.Tests.Alerts;

/// <summary>
/// A new-device, new-location sign-in through the real app: the webhook on a loopback listener gets signed
/// JSON (after a failed first delivery is retried), an .eml file is written, and "My sign-ins" shows a notice.
/// </summary>
public sealed class SignInAlertDeliveryTests : IAsyncLifetime
{
    private const string Email = "alice@example.com";
    private const string Secret = "webhook-secret-for-tests";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>SignInAlertDispatcher's "failed; retrying" message.</summary>
    private const int RetryingEventId = 4141;

    private readonly HttpListener listener = new();
    private readonly string mailDirectory = Directory.CreateTempSubdirectory("loginaudit-mail-").FullName;
    private readonly TaskCompletionSource<(byte[] Body, string? Signature)> delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LoginAuditAppFactory app;
    private int requests;

    public SignInAlertDeliveryTests()
    {
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        app = new LoginAuditAppFactory(settings =>
        {
            settings["LoginAudit:Alerts:WebhookUrl"] = $"http://127.0.0.1:{port}/hooks/login-audit";
            settings["LoginAudit:Alerts:WebhookSecret"] = Secret;
            settings["LoginAudit:Alerts:PickupDirectory"] = mailDirectory;
            settings["LoginAudit:Alerts:RetryBaseDelay"] = RetryDelay.ToString("c");
        });
    }

    public async Task InitializeAsync()
    {
        listener.Start();
        _ = ServeAsync();
        await app.CreateUserAsync(Email);
    }

    public async Task DisposeAsync()
    {
        listener.Close();
        await app.DisposeAsync();
        Directory.Delete(mailDirectory, recursive: true);
    }

    [Fact]
    public async Task NewDeviceAndCountry_WebhookGetsSignedJsonAfterARetry_AndAMailAndANoticeFollow()
    {
        var first = BrowserFrom("81.2.69.142");
        await first.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        await BrowserFrom("200.160.2.3", "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")
            .SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        await MoveTheClockPastTheRetryDelayAsync();
        var (body, signature) = await delivered.Task.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(WebhookSignature.Verify(Secret, body, signature));
        using var json = JsonDocument.Parse(body);
        Assert.Equal("suspicious_sign_in", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(["NewDevice", "NewCountry", "ImpossibleTravel"], json.RootElement.GetProperty("reasons").EnumerateArray().Select(reason => reason.GetString()));
        Assert.Equal("Sao Paulo, Brazil", json.RootElement.GetProperty("location").GetString());
        Assert.Equal(2, requests);

        var mail = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(mailDirectory, "*.eml")));
        Assert.Contains($"To: {Email}\r\n", mail);
        Assert.Contains("Subject: New sign-in to your account", mail);

        var page = await first.GetStringAsync("/account/sign-ins");
        Assert.Contains("signed in to from a new device or place", page);
        Assert.Contains("Sao Paulo, Brazil", page);
        Assert.Contains("#sign-out-everywhere", page);
    }

    [Fact]
    public async Task UsualSignIn_SendsNothingAndShowsNoNotice()
    {
        var browser = BrowserFrom("81.2.69.142");
        await browser.SignInAsync(Email, LoginAuditAppFactory.UserPassword);
        await BrowserFrom("81.2.69.142").SignInAsync(Email, LoginAuditAppFactory.UserPassword);

        var page = await browser.GetStringAsync("/account/sign-ins");

        Assert.DoesNotContain("signed in to from a new device or place", page);
        Assert.Empty(Directory.GetFiles(mailDirectory));
        Assert.Equal(0, requests);
    }

    /// <summary>
    /// The retry waits on the app's clock, which stands still: once the first delivery has failed, move it past the delay.
    /// The retry's timer starts just after the message is logged, so the clock is moved again until the retry arrives.
    /// </summary>
    private async Task MoveTheClockPastTheRetryDelayAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await foreach (var record in app.Logs.GetLogsAsync(timeout.Token))
        {
            if (record.Id.Id == RetryingEventId)
            {
                break;
            }
        }

        Assert.False(delivered.Task.IsCompleted, "The retry went out before the app's clock reached its delay.");
        do
        {
            app.Clock.Advance(RetryDelay);
        }
        while (await Task.WhenAny(delivered.Task, Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token)) != delivered.Task);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);

            // The first delivery fails, so the test sees the retry.
            if (Interlocked.Increment(ref requests) == 1)
            {
                context.Response.StatusCode = 500;
            }
            else
            {
                context.Response.StatusCode = 204;
                delivered.TrySetResult((body.ToArray(), context.Request.Headers[WebhookSignature.HeaderName]));
            }

            context.Response.Close();
        }
    }

    private HttpClient BrowserFrom(string address, string? userAgent = null)
    {
        var browser = userAgent is null ? app.CreateBrowser() : app.CreateBrowser(userAgent);
        browser.DefaultRequestHeaders.Add(LoginAuditAppFactory.PeerAddressHeader, address);
        return browser;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
